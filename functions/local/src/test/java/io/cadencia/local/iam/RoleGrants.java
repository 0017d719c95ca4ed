package io.cadencia.local.iam;

import com.fasterxml.jackson.databind.JsonNode;
import io.cadencia.catalogue.CloudFormationYaml;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * What each function's role allows, read from the SAM translator's output: every Allow statement of the role's inline
 * policies, one {@link Grant} per action and resource, with intrinsics resolved to the ARNs the embedded stack uses
 * (tables and queues named by logical id, as {@code LocalDeployment} creates them). Managed policies are named by ARN
 * only and are listed, not expanded.
 */
public final class RoleGrants {

    /** One allowed action (IAM wildcards kept) on one resource ARN pattern, with the policy it came from. */
    public record Grant(String action, String resource, String policy) {
        public boolean allows(String requestedAction, String arn) {
            return glob(action).matcher(requestedAction).matches() && glob(resource).matcher(arn).matches();
        }
    }

    private final Map<String, List<Grant>> grants = new TreeMap<>();
    private final List<String> kmsKeys = new ArrayList<>();
    private final Map<String, List<String>> managed = new TreeMap<>();

    private RoleGrants() {
    }

    /** @param transformed the translator's output; {@code region} and {@code account} are what the local ARNs carry */
    public static RoleGrants of(JsonNode transformed, String region, String account) {
        RoleGrants roles = new RoleGrants();
        JsonNode resources = transformed.get("Resources");
        Resolver resolver = new Resolver(resources, region, account);
        resources.properties().forEach(e -> {
            if (e.getValue().path("Type").asText().equals("AWS::KMS::Key")) {
                roles.kmsKeys.add(resolver.getAtt(e.getKey(), "Arn"));
            }
            if (!e.getValue().path("Type").asText().equals("AWS::Lambda::Function")) {
                return;
            }
            String function = e.getKey();
            JsonNode role = resources.path(e.getValue().path("Properties").path("Role").path("Fn::GetAtt").path(0).asText()).path("Properties");
            List<String> managedArns = new ArrayList<>();
            role.path("ManagedPolicyArns").forEach(a -> managedArns.add(a.asText()));
            roles.managed.put(function, managedArns);
            List<Grant> list = new ArrayList<>();
            role.path("Policies").forEach(policy -> policy.path("PolicyDocument").path("Statement").forEach(statement -> {
                if (!statement.path("Effect").asText().equals("Allow")) {
                    throw new IllegalStateException(function + ": only Allow statements are modelled, found " + statement);
                }
                for (String action : strings(statement.get("Action"))) {
                    for (JsonNode resource : nodes(statement.get("Resource"))) {
                        list.add(new Grant(action, resolver.resolve(resource), policy.path("PolicyName").asText()));
                    }
                }
            }));
            roles.grants.put(function, list);
        });
        return roles;
    }

    public List<String> functions() {
        return List.copyOf(grants.keySet());
    }

    public List<Grant> of(String function) {
        List<Grant> list = grants.get(function);
        if (list == null) {
            throw new IllegalArgumentException("no function '" + function + "' in the template; functions: " + grants.keySet());
        }
        return list;
    }

    /**
     * The ARN the template's KMS key has here. The embedded KMS gives keys random ids, and a Decrypt names no key at
     * all (the ciphertext carries it), so a recorded KMS call is judged against the stack's one key.
     */
    public String kmsKey() {
        if (kmsKeys.size() != 1) {
            throw new IllegalStateException("the least-privilege check assumes one KMS key in the template; found " + kmsKeys);
        }
        return kmsKeys.get(0);
    }

    public List<String> managedPolicies(String function) {
        return managed.getOrDefault(function, List.of());
    }

    private static List<String> strings(JsonNode node) {
        List<String> out = new ArrayList<>();
        nodes(node).forEach(n -> out.add(n.asText()));
        return out;
    }

    private static List<JsonNode> nodes(JsonNode node) {
        List<JsonNode> out = new ArrayList<>();
        if (node.isArray()) {
            node.forEach(out::add);
        } else {
            out.add(node);
        }
        return out;
    }

    /** IAM's wildcards: {@code *} any run of characters, {@code ?} one; action names compare without case. */
    static Pattern glob(String pattern) {
        StringBuilder regex = new StringBuilder();
        for (char c : pattern.toCharArray()) {
            regex.append(c == '*' ? ".*" : c == '?' ? "." : Pattern.quote(String.valueOf(c)));
        }
        return Pattern.compile(regex.toString(), Pattern.CASE_INSENSITIVE);
    }

    /** Ref, GetAtt and Sub as CloudFormation would evaluate them, for the names the embedded stack gives resources. */
    private record Resolver(JsonNode resources, String region, String account) {

        String resolve(JsonNode value) {
            if (value.isTextual()) {
                return value.asText();
            }
            if (value.has("Ref")) {
                return ref(value.get("Ref").asText());
            }
            if (value.has("Fn::GetAtt")) {
                return getAtt(value.get("Fn::GetAtt").get(0).asText(), value.get("Fn::GetAtt").get(1).asText());
            }
            if (value.has("Fn::Sub")) {
                JsonNode sub = value.get("Fn::Sub");
                String text = sub.isArray() ? sub.get(0).asText() : sub.asText();
                JsonNode variables = sub.isArray() ? sub.get(1) : null;
                return CloudFormationYaml.substitute(text, name -> variables != null && variables.has(name) ? resolve(variables.get(name))
                        : name.contains(".") ? getAtt(name.substring(0, name.indexOf('.')), name.substring(name.indexOf('.') + 1))
                        : ref(name));
            }
            throw new IllegalArgumentException("cannot resolve " + value);
        }

        private String ref(String name) {
            return switch (name) {
                case "AWS::Partition" -> "aws";
                case "AWS::Region" -> region;
                case "AWS::AccountId" -> account;
                case "AWS::StackName" -> io.cadencia.local.LocalDeployment.STACK_NAME;
                default -> {
                    String type = type(name);
                    yield switch (type) {
                        case "AWS::DynamoDB::Table" -> name;
                        case "AWS::SQS::Queue" -> "http://sqs/" + account + "/" + queueName(name);
                        default -> name;
                    };
                }
            };
        }

        String getAtt(String name, String attribute) {
            String type = type(name);
            return switch (type + "." + attribute) {
                case "AWS::SQS::Queue.Arn" -> "arn:aws:sqs:" + region + ":" + account + ":" + queueName(name);
                case "AWS::SQS::Queue.QueueName" -> queueName(name);
                case "AWS::DynamoDB::Table.Arn" -> "arn:aws:dynamodb:" + region + ":" + account + ":table/" + name;
                case "AWS::KMS::Key.Arn" -> "arn:aws:kms:" + region + ":" + account + ":key/" + name;
                case "AWS::Lambda::Function.Arn" -> "arn:aws:lambda:" + region + ":" + account + ":function:" + name;
                default -> throw new IllegalArgumentException("GetAtt " + name + "." + attribute + " (" + type + ") is not modelled");
            };
        }

        private String queueName(String logicalId) {
            return logicalId + (resources.path(logicalId).path("Properties").path("FifoQueue").asBoolean() ? ".fifo" : "");
        }

        private String type(String logicalId) {
            return resources.path(logicalId).path("Type").asText("");
        }
    }
}
