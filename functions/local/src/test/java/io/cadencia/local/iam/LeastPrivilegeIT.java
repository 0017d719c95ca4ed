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
 * Least privilege, checked: every AWS call each function made while this module's tests ran (surefire, before this;
 * {@link IamCallLog}) is allowed by its role in the SAM translator's output; every grant of each role should be used by
 * some call, but for {@link LeastPrivilege#DOCUMENTED}. A call without its permission fails here; grants beyond the
 * calls are printed (the roles are not yet cut down to them).
 */
class LeastPrivilegeIT {

    @Test
    void everyCallAFunctionWasSeenMakingIsAllowedByItsRole() throws IOException {
        String directory = System.getProperty(IamCallLog.PROPERTY);
        assertThat(directory).as("system property " + IamCallLog.PROPERTY + " (set by this module's pom)").isNotBlank();
        Map<String, Set<Authorization>> observed = new TreeMap<>();
        List<Path> logs;
        try (Stream<Path> files = Files.list(Path.of(directory))) {
            logs = files.filter(f -> f.getFileName().toString().endsWith(".tsv")).toList();
        }
        RoleGrants roles = RoleGrants.of(SamTranslator.transformed(), EmbeddedAws.REGION.id(), LocalDeployment.ACCOUNT);
        for (Path log : logs) {
            for (String line : Files.readAllLines(log)) {
                String[] parts = line.split("\t");
                String resource = parts[1].startsWith("kms:") ? roles.kmsKey() : parts[2];
                observed.computeIfAbsent(parts[0], f -> new HashSet<>()).add(new Authorization(parts[1], resource));
            }
        }
        assertThat(observed).as("functions seen calling AWS in " + directory + " (run the whole suite: mvn verify)").hasSizeGreaterThan(10);
        LeastPrivilege.Findings findings = LeastPrivilege.check(roles, observed);
        assertThat(findings.refused()).as("calls a role would refuse on AWS").isEmpty();
        // Not enforced yet: the roles still come from SAM's policy templates (CRUD on whole tables, indexes included),
        // which grant more than the calls use; the inventory shows what tightening them would remove.
        System.out.printf("least privilege: %d grants no recorded call used, %d calls recorded%n%s%n", findings.unused().size(),
                observed.values().stream().mapToInt(Set::size).sum(), String.join("\n", findings.unused()));
    }
}
