package io.cadencia.local.iam;

import io.cadencia.local.EmbeddedAws;
import io.cadencia.local.IamRequests.Authorization;
import org.junit.jupiter.api.Test;

import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/** The IAM model the least-privilege check rests on, against the real transformed template. */
class RoleGrantsTest {

    static final String REGION = EmbeddedAws.REGION.id();
    static final RoleGrants ROLES = RoleGrants.of(SamTranslator.transformed(), REGION, "000000000000");

    static String table(String name) {
        return "arn:aws:dynamodb:" + REGION + ":000000000000:table/" + name;
    }

    @Test
    void resolvesTheTranslatorsGrantsToTheLocalArnsAndMatchesIamWildcards() {
        assertThat(ROLES.functions()).hasSize(24).contains("CriticoWorkerFunction", "ControlFunction");
        assertThat(ROLES.of("CriticoDispatcherFunction")).anySatisfy(g ->
                assertThat(g.allows("sqs:SendMessage", "arn:aws:sqs:" + REGION + ":000000000000:CriticoQueue.fifo")).isTrue());
        assertThat(ROLES.of("CriticoDispatcherFunction")).noneSatisfy(g ->
                assertThat(g.allows("sqs:SendMessage", "arn:aws:sqs:" + REGION + ":000000000000:ReportQueue.fifo")).isTrue());
        assertThat(ROLES.of("CriticoWorkerFunction")).anySatisfy(g ->
                assertThat(g.allows("secretsmanager:GetSecretValue",
                        "arn:aws:secretsmanager:" + REGION + ":000000000000:secret:cadencia/local/tenants/t1/hubsoft-token-AbCdEf")).isTrue());
        assertThat(ROLES.managedPolicies("CriticoWorkerFunction")).anySatisfy(arn -> assertThat(arn).endsWith("AWSLambdaBasicExecutionRole"));
    }

    @Test
    void aCallTheRoleDoesNotAllowAndAGrantNoCallUsesAreBothFindings() {
        Authorization outOfPolicy = new Authorization("dynamodb:DeleteTable", table("WorkTable"));
        LeastPrivilege.Findings findings = LeastPrivilege.check(ROLES, Map.of("ReportDispatcherFunction", Set.of(outOfPolicy)));
        assertThat(findings.refused()).containsExactly("ReportDispatcherFunction: dynamodb:DeleteTable on " + table("WorkTable"));
        assertThat(findings.unused()).isNotEmpty().allSatisfy(u -> assertThat(u).doesNotStartWith("logs:"));
    }
}
