package io.cadencia.local.iam;

import io.cadencia.local.EmbeddedAws;
import io.cadencia.local.IamCallLog;
import io.cadencia.local.IamRequests.Authorization;
import io.cadencia.local.LocalDeployment;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Least privilege, proven: every AWS call each function made while this module's tests ran (surefire, before this;
 * {@link IamCallLog}) is allowed by its role in the SAM translator's output, and every grant of each role was used by
 * some call, but for {@link LeastPrivilege#DOCUMENTED}. Adding a call without its permission, or a permission without
 * a call, fails here.
 */
class LeastPrivilegeIT {

    @Test
    void everyRoleAllowsExactlyWhatItsFunctionWasSeenDoing() throws IOException {
        String directory = System.getProperty(IamCallLog.PROPERTY);
        assertThat(directory).as("system property " + IamCallLog.PROPERTY + " (set by this module's pom)").isNotBlank();
        Map<String, Set<Authorization>> observed = new TreeMap<>();
        List<Path> logs;
        try (Stream<Path> files = Files.list(Path.of(directory))) {
            logs = files.filter(f -> f.getFileName().toString().endsWith(".tsv")).toList();
        }
        for (Path log : logs) {
            for (String line : Files.readAllLines(log)) {
                String[] parts = line.split("\t");
                observed.computeIfAbsent(parts[0], f -> new HashSet<>()).add(new Authorization(parts[1], parts[2]));
            }
        }
        assertThat(observed).as("functions seen calling AWS in " + directory + " (run the whole suite: mvn verify)").hasSizeGreaterThan(10);
        RoleGrants roles = RoleGrants.of(SamTranslator.transformed(), EmbeddedAws.REGION.id(), LocalDeployment.ACCOUNT);
        LeastPrivilege.Findings findings = LeastPrivilege.check(roles, observed);
        assertThat(findings.refused()).as("calls the function's role would refuse on AWS").isEmpty();
        assertThat(findings.unused()).as("grants no call used and infrastructure/README.md does not explain").isEmpty();
    }
}
