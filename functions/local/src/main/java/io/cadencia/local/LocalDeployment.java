package io.cadencia.local;

import io.cadencia.aws.AwsClients;
import io.cadencia.catalogue.CloudFormationYaml;
import io.cadencia.catalogue.TemplateCatalogue;
import io.cadencia.config.RuntimeConfig;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.GlobalSecondaryIndex;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.Projection;
import software.amazon.awssdk.services.dynamodb.model.ProjectionType;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

import java.io.InputStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Deploys template.yaml onto the embedded engines the way CloudFormation would: its DynamoDB tables, SQS queues
 * and KMS keys are created (tables and queues named after their logical ids), and each function's environment is resolved from the
 * template's Globals and the function's own variables, with {@code !Ref}/{@code !GetAtt} pointing at the local
 * resources. Nothing about tables, queues or variables is written anywhere but the template.
 */
public final class LocalDeployment {

    /** One function of the template, ready to run locally. */
    /** @param timeout the function's {@code Timeout} (its own, else the Globals'), as Lambda enforces it */
    public record LocalFunction(String logicalId, String handler, Map<String, String> environment, java.time.Duration timeout) {
        public String handlerClass() {
            return handler.contains("::") ? handler.substring(0, handler.indexOf("::")) : handler;
        }

        public RuntimeConfig config() {
            return new RuntimeConfig(environment);
        }
    }

    private final Map<String, Object> template;
    private final Map<String, String> refs = new LinkedHashMap<>();
    private final Map<String, String> arns = new LinkedHashMap<>();
    private final Map<String, LocalFunction> functions = new LinkedHashMap<>();

    /** The stack name {@code AWS::StackName} resolves to on this machine. */
    public static final String STACK_NAME = "local";
    /** The account id {@code AWS::AccountId} resolves to, as ElasticMQ's queue ARNs carry it. */
    public static final String ACCOUNT = "000000000000";

    private LocalDeployment(Map<String, Object> template) {
        this.template = template;
    }

    public static Map<String, Object> packagedTemplate() {
        InputStream in = LocalDeployment.class.getClassLoader().getResourceAsStream(TemplateCatalogue.RESOURCE);
        if (in == null) {
            throw new IllegalStateException(TemplateCatalogue.RESOURCE + " is not on the classpath");
        }
        return CloudFormationYaml.read(in);
    }

    /** Creates every table and queue of the template and resolves every function's environment. */
    public static LocalDeployment deploy(Map<String, Object> template, AwsClients aws, Map<String, String> overrides) {
        LocalDeployment deployment = new LocalDeployment(template);
        deployment.parameters();
        deployment.tables(aws);
        deployment.queues(aws);
        deployment.keys(aws);
        deployment.functions(overrides);
        return deployment;
    }

    public Map<String, LocalFunction> functions() {
        return functions;
    }

    public LocalFunction function(String logicalId) {
        LocalFunction function = functions.get(logicalId);
        if (function == null) {
            throw new IllegalArgumentException("unknown function '" + logicalId + "'; template functions: " + String.join(", ", functions.keySet()));
        }
        return function;
    }

    /** The logical id of the category's dispatcher or worker function. */
    public LocalFunction functionFor(String handlerClassSimpleName, String category) {
        for (LocalFunction f : functions.values()) {
            if (f.handlerClass().endsWith("." + handlerClassSimpleName) && category.equals(f.environment().get("CATEGORY"))) {
                return f;
            }
        }
        throw new IllegalArgumentException("no " + handlerClassSimpleName + " function for category '" + category + "'");
    }

    public String resolve(String logicalId) {
        return refs.get(logicalId);
    }

    private void parameters() {
        map(template.get("Parameters")).forEach((name, body) -> {
            Object def = map(body).get("Default");
            if (def != null) {
                refs.put(name, def.toString());
            }
        });
        refs.put("AWS::Region", EmbeddedAws.REGION.id());
        refs.put("AWS::AccountId", ACCOUNT);
        refs.put("AWS::Partition", "aws");
        refs.put("AWS::StackName", STACK_NAME);
    }

    private void tables(AwsClients aws) {
        resources("AWS::DynamoDB::Table").forEach((id, properties) -> {
            List<AttributeDefinition> attributes = new ArrayList<>();
            for (Object a : list(properties.get("AttributeDefinitions"))) {
                attributes.add(AttributeDefinition.builder().attributeName(str(map(a).get("AttributeName")))
                        .attributeType(str(map(a).get("AttributeType"))).build());
            }
            List<GlobalSecondaryIndex> indexes = new ArrayList<>();
            for (Object i : list(properties.get("GlobalSecondaryIndexes"))) {
                indexes.add(GlobalSecondaryIndex.builder().indexName(str(map(i).get("IndexName")))
                        .keySchema(keySchema(map(i).get("KeySchema")))
                        .projection(Projection.builder().projectionType(ProjectionType.fromValue(str(map(map(i).get("Projection")).get("ProjectionType")))).build()).build());
            }
            aws.dynamo().createTable(b -> {
                b.tableName(id).billingMode(BillingMode.PAY_PER_REQUEST)
                        .attributeDefinitions(attributes).keySchema(keySchema(properties.get("KeySchema")));
                if (!indexes.isEmpty()) {
                    b.globalSecondaryIndexes(indexes);
                }
            });
            Map<String, Object> ttl = map(properties.get("TimeToLiveSpecification"));
            if (Boolean.TRUE.equals(ttl.get("Enabled"))) {
                aws.dynamo().updateTimeToLive(b -> b.tableName(id).timeToLiveSpecification(
                        t -> t.attributeName(str(ttl.get("AttributeName"))).enabled(true)));
            }
            refs.put(id, id);
        });
    }

    private void queues(AwsClients aws) {
        Map<String, Map<String, Object>> queues = resources("AWS::SQS::Queue");
        // Dead-letter queues first: a redrive policy needs its target's ARN.
        List<String> order = new ArrayList<>();
        queues.forEach((id, p) -> {
            if (!p.containsKey("RedrivePolicy")) {
                order.add(id);
            }
        });
        queues.forEach((id, p) -> {
            if (p.containsKey("RedrivePolicy")) {
                order.add(id);
            }
        });
        for (String id : order) {
            Map<String, Object> properties = queues.get(id);
            boolean fifo = Boolean.TRUE.equals(properties.get("FifoQueue"));
            Map<QueueAttributeName, String> attributes = new LinkedHashMap<>();
            if (fifo) {
                attributes.put(QueueAttributeName.FIFO_QUEUE, "true");
                attributes.put(QueueAttributeName.CONTENT_BASED_DEDUPLICATION,
                        String.valueOf(Boolean.TRUE.equals(properties.get("ContentBasedDeduplication"))));
            }
            copy(properties, "VisibilityTimeout", attributes, QueueAttributeName.VISIBILITY_TIMEOUT);
            copy(properties, "MessageRetentionPeriod", attributes, QueueAttributeName.MESSAGE_RETENTION_PERIOD);
            Map<String, Object> redrive = map(properties.get("RedrivePolicy"));
            if (!redrive.isEmpty()) {
                String target = arnOf(redrive.get("deadLetterTargetArn"));
                attributes.put(QueueAttributeName.REDRIVE_POLICY,
                        "{\"deadLetterTargetArn\":\"" + target + "\",\"maxReceiveCount\":" + redrive.get("maxReceiveCount") + "}");
            }
            String url = aws.sqs().createQueue(b -> b.queueName(id + (fifo ? ".fifo" : "")).attributes(attributes)).queueUrl();
            refs.put(id, url);
            arns.put(id, aws.sqs().getQueueAttributes(b -> b.queueUrl(url).attributeNames(QueueAttributeName.QUEUE_ARN))
                    .attributes().get(QueueAttributeName.QUEUE_ARN));
        }
    }

    /** A KMS key's {@code !Ref} is its key id, its {@code Arn} attribute its ARN, as CloudFormation gives them. */
    private void keys(AwsClients aws) {
        resources("AWS::KMS::Key").forEach((id, properties) -> {
            var metadata = aws.kms().createKey(b -> b.description(str(properties.get("Description")))).keyMetadata();
            refs.put(id, metadata.keyId());
            arns.put(id, metadata.arn());
        });
    }

    private void functions(Map<String, String> overrides) {
        Map<String, Object> globals = map(map(map(template.get("Globals")).get("Function")).get("Environment"));
        Map<String, Object> globalVariables = map(globals.get("Variables"));
        Object globalTimeout = map(map(template.get("Globals")).get("Function")).get("Timeout");
        resources("AWS::Serverless::Function").forEach((id, properties) -> {
            Map<String, String> env = new LinkedHashMap<>();
            globalVariables.forEach((k, v) -> env.put(k, value(v)));
            map(map(properties.get("Environment")).get("Variables")).forEach((k, v) -> env.put(k, value(v)));
            env.remove("JAVA_TOOL_OPTIONS");
            env.putAll(overrides);
            Object timeout = properties.getOrDefault("Timeout", globalTimeout);
            if (timeout == null) {
                throw new IllegalStateException("function " + id + " has no Timeout and template.yaml's Globals set none");
            }
            functions.put(id, new LocalFunction(id, str(properties.get("Handler")), env,
                    java.time.Duration.ofSeconds(Long.parseLong(value(timeout)))));
        });
    }

    private String value(Object raw) {
        Map<String, Object> intrinsic = map(raw);
        if (intrinsic.containsKey("Ref")) {
            String target = str(intrinsic.get("Ref"));
            String resolved = refs.get(target);
            if (resolved == null) {
                throw new IllegalStateException("template !Ref " + target + " does not resolve locally");
            }
            return resolved;
        }
        if (intrinsic.containsKey("Fn::GetAtt")) {
            return arnOf(raw);
        }
        if (intrinsic.get("Fn::Sub") instanceof String text) {
            return CloudFormationYaml.substitute(text, name -> name.contains(".")
                    ? arnOf(Map.of("Fn::GetAtt", List.of(name.split("\\.", 2))))
                    : value(Map.of("Ref", name)));
        }
        return str(raw);
    }

    private String arnOf(Object getAtt) {
        List<Object> parts = list(map(getAtt).get("Fn::GetAtt"));
        String arn = parts.isEmpty() ? null : arns.get(str(parts.get(0)));
        if (arn == null) {
            throw new IllegalStateException("template !GetAtt " + parts + " does not resolve locally");
        }
        return arn;
    }

    private Map<String, Map<String, Object>> resources(String type) {
        Map<String, Map<String, Object>> found = new LinkedHashMap<>();
        map(template.get("Resources")).forEach((id, body) -> {
            if (type.equals(map(body).get("Type"))) {
                found.put(id, map(map(body).get("Properties")));
            }
        });
        return found;
    }

    private static List<KeySchemaElement> keySchema(Object raw) {
        List<KeySchemaElement> keys = new ArrayList<>();
        for (Object k : list(raw)) {
            keys.add(KeySchemaElement.builder().attributeName(str(map(k).get("AttributeName"))).keyType(str(map(k).get("KeyType"))).build());
        }
        return keys;
    }

    private static void copy(Map<String, Object> properties, String name, Map<QueueAttributeName, String> into, QueueAttributeName as) {
        if (properties.get(name) != null) {
            into.put(as, properties.get(name).toString());
        }
    }

    private static String str(Object value) {
        return value == null ? null : value.toString();
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Object value) {
        return value instanceof Map<?, ?> m ? (Map<String, Object>) m : Map.of();
    }

    @SuppressWarnings("unchecked")
    private static List<Object> list(Object value) {
        return value instanceof List<?> l ? (List<Object>) l : List.of();
    }
}
