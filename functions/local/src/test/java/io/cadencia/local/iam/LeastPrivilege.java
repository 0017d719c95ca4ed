package io.cadencia.local.iam;

import io.cadencia.local.IamRequests.Authorization;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Compares what each function was seen doing with what its role allows, both ways: a call its role does not allow
 * would be refused on AWS; a grant no call used is privilege beyond need, unless {@link #DOCUMENTED} explains it.
 */
public final class LeastPrivilege {

    /**
     * Grants kept although no recorded call uses them, and why (infrastructure/README.md lists the same). Matched by
     * action; the policy name says where SAM put them.
     */
    public static final Map<String, String> DOCUMENTED = Map.of(
            "logs:CreateLogGroup", "Lambda's runtime writes the function's log lines, not the code (AWSLambdaBasicExecutionRole)",
            "logs:CreateLogStream", "Lambda's runtime writes the function's log lines, not the code (AWSLambdaBasicExecutionRole)",
            "logs:PutLogEvents", "Lambda's runtime writes the function's log lines, not the code (AWSLambdaBasicExecutionRole)",
            "sqs:ReceiveMessage", "the SQS event source mapping polls with the worker's role (AWSLambdaSQSQueueExecutionRole)",
            "sqs:DeleteMessage", "the SQS event source mapping deletes what the worker acknowledged (AWSLambdaSQSQueueExecutionRole)",
            "sqs:GetQueueAttributes", "the SQS event source mapping reads its queue's attributes (AWSLambdaSQSQueueExecutionRole)");

    /** The result: calls refused, grants unused; both empty when the roles are exactly what the code needs. */
    public record Findings(List<String> refused, List<String> unused) {
        public boolean clean() {
            return refused.isEmpty() && unused.isEmpty();
        }
    }

    private static final Comparator<Authorization> BY_ACTION_AND_RESOURCE =
            Comparator.comparing(Authorization::action).thenComparing(Authorization::resource);

    private LeastPrivilege() {
    }

    /** @param observed per function logical id, every authorization its calls needed */
    public static Findings check(RoleGrants roles, Map<String, Set<Authorization>> observed) {
        List<String> refused = new ArrayList<>();
        List<String> unused = new ArrayList<>();
        observed.forEach((function, needed) -> {
            List<RoleGrants.Grant> grants = roles.of(function);
            for (Authorization a : needed.stream().sorted(BY_ACTION_AND_RESOURCE).toList()) {
                if (grants.stream().noneMatch(g -> g.allows(a.action(), a.resource()))) {
                    refused.add(function + ": " + a.action() + " on " + a.resource());
                }
            }
        });
        for (String function : roles.functions()) {
            Set<Authorization> needed = observed.getOrDefault(function, Set.of());
            for (RoleGrants.Grant grant : roles.of(function)) {
                if (DOCUMENTED.containsKey(grant.action())) {
                    continue;
                }
                if (needed.stream().noneMatch(a -> grant.allows(a.action(), a.resource()))) {
                    unused.add(function + ": " + grant.action() + " on " + grant.resource() + " (" + grant.policy() + ")");
                }
            }
        }
        return new Findings(refused, unused);
    }
}
