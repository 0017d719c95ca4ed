package io.cadencia.local;

import com.fasterxml.jackson.databind.JsonNode;
import io.cadencia.catalogue.CloudFormationYaml;
import io.cadencia.catalogue.TemplateCatalogue;
import io.cadencia.local.iam.SamTranslator;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * template.yaml after the AWS SAM translator (what CloudFormation receives from {@code sam deploy}) and cfn-lint with
 * its informational checks: both are the Python tools every machine here has, run as CI runs them.
 */
class DeployableTemplateTest {

    private static final JsonNode transformed = SamTranslator.transformed();

    static Map<String, JsonNode> resourcesOfType(String type) {
        Map<String, JsonNode> found = new java.util.TreeMap<>();
        transformed.get("Resources").properties().forEach(e -> {
            if (e.getValue().path("Type").asText().equals(type)) {
                found.put(e.getKey(), e.getValue());
            }
        });
        return found;
    }

    @Test
    void cfnLintFindsNothingInformationalChecksIncluded() {
        // Exit status 0 means no error, warning or informational finding; infrastructure/README.md says so.
        String findings = SamTranslator.run("cfn-lint", "--include-checks", "I", "--format", "parseable", "--", SamTranslator.template().toString());
        assertThat(findings.strip()).isEmpty();
    }

    /**
     * Two stacks of this template in one account: every physical name CloudFormation would give them, resolved for
     * stacks "cadencia-prod" and "cadencia-staging", must differ. A name a resource does not set is generated from
     * the stack name and unique; a schedule's name is unique only within its group, so the pair counts.
     */
    @Test
    void twoStacksInOneAccountShareNoPhysicalName() {
        Set<String> prod = physicalNames("cadencia-prod");
        Set<String> staging = physicalNames("cadencia-staging");
        assertThat(prod).isNotEmpty().hasSameSizeAs(staging);
        Set<String> shared = new TreeSet<>(prod);
        shared.retainAll(staging);
        assertThat(shared).as("names both stacks would create").isEmpty();
        assertThat(resourcesOfType("AWS::Scheduler::Schedule")).hasSize(24).allSatisfy((id, schedule) -> {
            JsonNode p = schedule.get("Properties");
            assertThat(p.path("GroupName").path("Ref").asText()).as(id).isEqualTo("ScheduleGroup");
            assertThat(p.path("Target").path("DeadLetterConfig").path("Arn").toString()).as(id).contains("ScheduleDeadLetterQueue");
            assertThat(p.path("Target").path("RetryPolicy").path("MaximumRetryAttempts").asInt()).as(id).isPositive();
        });
        // Secrets are named at run time, under SECRET_ROOT: per stack, and so is every grant on them but the
        // migration's read of the single-stack layout that came before.
        assertThat(transformed.path("Resources").path("CriticoWorkerFunction").path("Properties").path("Environment").path("Variables")
                .path("SECRET_ROOT").toString()).contains("${AWS::StackName}");
        resourcesOfType("AWS::IAM::Role").forEach((id, role) -> role.path("Properties").path("Policies").forEach(p ->
                p.path("PolicyDocument").path("Statement").forEach(st -> {
                    if (st.path("Action").toString().contains("secretsmanager:") && !st.path("Action").toString().equals("[\"secretsmanager:GetSecretValue\"]")
                            || st.path("Action").toString().contains("secretsmanager:Put")) {
                        assertThat(st.path("Resource").toString()).as(id + " " + p.path("PolicyName").asText()).contains("${AWS::StackName}");
                    }
                })));
        assertThat(resourcesOfType("AWS::Scheduler::ScheduleGroup").values()).singleElement()
                .satisfies(group -> assertThat(group.path("Properties").has("Name")).as("a generated, per-stack group name").isFalse());
    }

    private static final Set<String> NAME_PROPERTIES = Set.of("Name", "TableName", "QueueName", "FunctionName", "LogGroupName",
            "DashboardName", "TopicName", "RoleName", "AlarmName", "ApplicationName", "DeploymentGroupName", "AliasName");

    private static Set<String> physicalNames(String stack) {
        Set<String> names = new HashSet<>();
        transformed.get("Resources").properties().forEach(e -> {
            String type = e.getValue().path("Type").asText();
            JsonNode properties = e.getValue().path("Properties");
            String named = null;
            for (String property : NAME_PROPERTIES) {
                if (properties.has(property) && !(type.equals("AWS::CodeDeploy::DeploymentGroup") && property.equals("ApplicationName"))
                        && !type.equals("AWS::Lambda::Alias") && !type.equals("AWS::Lambda::EventInvokeConfig")
                        && !type.equals("AWS::Lambda::EventSourceMapping")) {
                    named = resolve(properties.get(property), stack);
                }
            }
            String physical = named != null ? named : stack + "-" + e.getKey() + "-GENERATED";
            if (type.equals("AWS::Scheduler::Schedule")) {
                physical = (properties.has("GroupName") ? resolve(properties.get("GroupName"), stack) : "default") + "/" + physical;
            }
            names.add(type + " " + physical);
        });
        return names;
    }

    private static String resolve(JsonNode value, String stack) {
        if (value.isTextual()) {
            return value.asText();
        }
        if (value.has("Ref")) {
            String ref = value.get("Ref").asText();
            return ref.equals("AWS::StackName") ? stack : stack + "-" + ref + "-GENERATED";
        }
        if (value.has("Fn::Sub")) {
            JsonNode sub = value.get("Fn::Sub");
            String text = sub.isArray() ? sub.get(0).asText() : sub.asText();
            return CloudFormationYaml.substitute(text, name -> name.equals("AWS::StackName") ? stack
                    : name.startsWith("AWS::") ? name : stack + "-" + name + "-GENERATED");
        }
        throw new AssertionError("cannot resolve a name from " + value);
    }

    @Test
    void statefulTablesOutliveTheStackAndQueuesAreEncrypted() {
        assertThat(resourcesOfType("AWS::DynamoDB::Table")).hasSize(4).allSatisfy((id, table) -> {
            assertThat(table.path("DeletionPolicy").asText()).as(id).isEqualTo("Retain");
            assertThat(table.path("UpdateReplacePolicy").asText()).as(id).isEqualTo("Retain");
            assertThat(table.path("Properties").path("DeletionProtectionEnabled").path("Ref").asText()).as(id).isEqualTo("TableDeletionProtection");
        });
        assertThat(resourcesOfType("AWS::SQS::Queue")).hasSize(24).allSatisfy((id, queue) ->
                assertThat(queue.path("Properties").path("SqsManagedSseEnabled").asBoolean()).as(id).isTrue());
    }

    @Test
    void everyFunctionRunsOnArmWithSnapStartBehindAnAliasWithItsOwnLogGroupAndNoXRay() {
        Map<String, JsonNode> functions = resourcesOfType("AWS::Lambda::Function");
        assertThat(functions).hasSize(24);
        Set<String> aliasTargets = new HashSet<>();
        resourcesOfType("AWS::Lambda::Alias").values().forEach(a -> aliasTargets.add(a.path("Properties").path("FunctionName").path("Ref").asText()));
        functions.forEach((id, function) -> {
            JsonNode p = function.get("Properties");
            assertThat(p.path("Architectures").toString()).as(id).isEqualTo("[\"arm64\"]");
            assertThat(p.path("SnapStart").path("ApplyOn").asText()).as(id).isEqualTo("PublishedVersions");
            assertThat(aliasTargets).as(id + " has an alias").contains(id);
            assertThat(p.has("TracingConfig")).as(id + " tracing").isFalse();
            assertThat(p.path("LoggingConfig").path("LogFormat").asText()).as(id).isEqualTo("JSON");
            String logGroup = p.path("LoggingConfig").path("LogGroup").path("Ref").asText();
            JsonNode group = transformed.get("Resources").path(logGroup);
            assertThat(group.path("Type").asText()).as(id + " log group").isEqualTo("AWS::Logs::LogGroup");
            assertThat(group.path("Properties").path("RetentionInDays").path("Ref").asText()).as(id).isEqualTo("LogRetentionDays");
            JsonNode role = transformed.get("Resources").path(p.path("Role").path("Fn::GetAtt").get(0).asText());
            assertThat(role.path("Properties").path("ManagedPolicyArns").toString()).as(id).doesNotContainIgnoringCase("xray");
        });
        // Event sources reach the alias, so SnapStart's published version serves them and CodeDeploy can shift them.
        resourcesOfType("AWS::Lambda::EventSourceMapping").forEach((id, m) ->
                assertThat(m.path("Properties").path("FunctionName").path("Ref").asText()).as(id).endsWith("Aliaslive"));
        resourcesOfType("AWS::Scheduler::Schedule").forEach((id, s) ->
                assertThat(s.path("Properties").path("Target").path("Arn").path("Ref").asText()).as(id).endsWith("Aliaslive"));
    }

    @Test
    void dispatchersKeepFailedTicksAndEveryAliasRollsBackOnItsErrorAlarm() {
        Map<String, JsonNode> invokeConfigs = resourcesOfType("AWS::Lambda::EventInvokeConfig");
        List<String> dispatchers = resourcesOfType("AWS::Lambda::Function").keySet().stream().filter(f -> f.endsWith("DispatcherFunction")).toList();
        assertThat(dispatchers).hasSize(11);
        for (String dispatcher : dispatchers) {
            assertThat(invokeConfigs.get(dispatcher + "EventInvokeConfig")).as(dispatcher).isNotNull();
            assertThat(invokeConfigs.get(dispatcher + "EventInvokeConfig").path("Properties").path("DestinationConfig").path("OnFailure")
                    .path("Destination").toString()).as(dispatcher).contains("DispatchFailureQueue");
        }
        Map<String, JsonNode> groups = resourcesOfType("AWS::CodeDeploy::DeploymentGroup");
        assertThat(groups).hasSize(24).allSatisfy((id, group) -> {
            JsonNode alarms = group.path("Properties").path("AlarmConfiguration").path("Alarms");
            assertThat(alarms.toString()).as(id).contains(id.replace("DeploymentGroup", "ErrorsAlarm"));
            assertThat(group.path("Properties").path("AutoRollbackConfiguration").path("Events").toString()).as(id).contains("DEPLOYMENT_STOP_ON_ALARM");
        });
    }

    @Test
    void everyAlarmNotifiesTheTopicOnAlarmAndOnRecoveryAndTheTopicCanMailSomeone() {
        Map<String, JsonNode> alarms = resourcesOfType("AWS::CloudWatch::Alarm");
        for (String required : List.of("ScheduleDeadLetterAlarm", "DispatchFailureAlarm", "CriticalBacklogAlarm", "SyncBacklogAlarm",
                "CriticoWorkerFunctionErrorsAlarm", "CriticoWorkerFunctionThrottlesAlarm")) {
            assertThat(alarms).containsKey(required);
        }
        alarms.forEach((id, alarm) -> {
            assertThat(alarm.path("Properties").path("AlarmActions").toString()).as(id).contains("AlarmTopic");
            assertThat(alarm.path("Properties").path("OKActions").toString()).as(id).contains("AlarmTopic");
        });
        assertThat(resourcesOfType("AWS::SNS::Subscription").values()).singleElement().satisfies(s -> {
            assertThat(s.path("Condition").asText()).isEqualTo("HasAlarmEmail");
            assertThat(s.path("Properties").path("Endpoint").path("Ref").asText()).isEqualTo("AlarmEmail");
        });
    }

    @Test
    void parametersAreBoundedAndOutputsNameWhatAnOperatorLooksFor() {
        JsonNode parameters = transformed.get("Parameters");
        assertThat(parameters.path("CriticalWorkerConcurrency").path("MinValue").asInt()).as("SQS event source minimum").isEqualTo(2);
        assertThat(parameters.path("BatchWorkerConcurrency").path("MinValue").asInt()).isEqualTo(2);
        assertThat(parameters.path("RunRetentionDays").has("MaxValue")).isTrue();
        assertThat(parameters.path("LogRetentionDays").path("AllowedValues").size()).isGreaterThan(5);
        List<String> outputs = new ArrayList<>();
        Iterator<String> names = transformed.get("Outputs").fieldNames();
        names.forEachRemaining(outputs::add);
        assertThat(outputs).contains("IngestFunctionUrl", "TenantsTableName", "WorkTableName", "RunsTableName", "SharedTableName",
                "ScheduleDeadLetterQueueUrl", "DispatchFailureQueueUrl");
        for (String category : TemplateCatalogue.fromTemplate(TemplateTest.TEMPLATE).categories()) {
            String prefix = Character.toUpperCase(category.charAt(0)) + category.substring(1);
            assertThat(outputs).as(category).contains(prefix + "QueueUrl", prefix + "DeadLetterQueueUrl");
        }
    }
}
