package io.cadencia.local.cost;

import io.cadencia.cost.CostModel;
import io.cadencia.cost.Usage;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A short cost run (two simulated hours from 09:00 in São Paulo, when reminders go out, three tenants, production
 * pacing) through the whole pipeline: metering, log and EMF capture, pricing, output.
 */
class CostIT {

    static final CostRun.Options OPTIONS = new CostRun.Options(1000, 3, Instant.parse("2026-11-24T12:00:00Z"), Duration.ofHours(2), false, null);
    static final org.assertj.core.data.Offset<Double> WITHIN = org.assertj.core.api.Assertions.within(1e-3);
    static CostRun.Result result;
    static String output;

    @BeforeAll
    static void run() {
        ByteArrayOutputStream progress = new ByteArrayOutputStream();
        result = CostRun.run(OPTIONS, new PrintStream(progress, true, StandardCharsets.UTF_8));
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        CostRun.print(result, OPTIONS, new PrintStream(printed, true, StandardCharsets.UTF_8));
        output = printed.toString(StandardCharsets.UTF_8);
    }

    @Test
    void whatTheRunMeasuresIsNonZeroAndPricedOnce() {
        for (String name : List.of("Lambda requests", "Lambda duration", "EventBridge Scheduler invocations", "SQS requests (64 KB chunks)",
                "SQS event-source idle long polls", "DynamoDB write request units", "DynamoDB read request units",
                "CloudWatch Logs ingestion", "CloudWatch custom metrics", "KMS keys", "KMS requests")) {
            CostModel.Component line = component(name);
            assertThat(line.quantity()).as(name).isPositive();
            assertThat(line.usd()).as(name).isPositive();
        }
        assertThat(result.estimate().totalUsd()).isCloseTo(result.estimate().components().stream().mapToDouble(CostModel.Component::usd).sum(),
                org.assertj.core.api.Assertions.within(1e-9));
        assertThat(result.usage().secretsStored()).as("tenants' keys are table rows, and no simulated tenant has HubSoft").isZero();
        assertThat(result.usage().kmsKeys()).isEqualTo(1);
    }

    @Test
    void theComponentsFollowFromWhatWasMeasured() {
        Usage usage = result.usage();
        Map<String, Usage.FunctionUsage> functions = usage.functions();
        long dispatcherInvocations = functions.entrySet().stream().filter(e -> e.getKey().endsWith("DispatcherFunction"))
                .mapToLong(e -> e.getValue().invocations()).sum();
        long otherInvocations = functions.entrySet().stream().filter(e -> !e.getKey().endsWith("DispatcherFunction"))
                .mapToLong(e -> e.getValue().invocations()).sum();
        double month = 30 * 24 / 2.0;
        double perTenant = 1000 / 3.0;

        assertThat(usage.schedulerInvocations()).as("every scheduler tick is one dispatcher invocation").isEqualTo(dispatcherInvocations);
        assertThat(component("EventBridge Scheduler invocations").quantity()).isCloseTo(dispatcherInvocations * month, org.assertj.core.api.Assertions.within(1e-6));
        assertThat(component("Lambda requests").quantity())
                .isCloseTo((dispatcherInvocations + otherInvocations * perTenant) * month, org.assertj.core.api.Assertions.within(1e-3));
        assertThat(functions.get("CriticoWorkerFunction").gbSeconds())
                .as("the reminder sender's paced pauses are billed: seconds per invocation at its 512 MB")
                .isGreaterThan(functions.get("CriticoWorkerFunction").invocations() * 0.5);
        assertThat(functions.get("CriticoWorkerFunction").logBytes()).isPositive();
        assertThat(result.logBytes()).containsKey("CriticoDispatcherFunction");
    }

    @Test
    void theRecordedAwsCallsArePricedAsRecorded() {
        AwsCallTotals calls = result.calls();
        Usage usage = result.usage();
        double month = 30 * 24 / 2.0;
        double perTenant = 1000 / 3.0;
        long workerBatches = usage.functions().entrySet().stream().filter(e -> e.getKey().endsWith("WorkerFunction"))
                .mapToLong(e -> e.getValue().invocations()).sum();

        assertThat(calls.byOperation()).as("the day's fan-out, its run records and the keys' decryption")
                .containsKeys("Sqs SendMessageBatch", "DynamoDb Query", "DynamoDb UpdateItem", "Kms Decrypt");
        assertThat(calls.sqsRequests()).as("each fan-out batch is at least one request")
                .isGreaterThanOrEqualTo(calls.byOperation().get("Sqs SendMessageBatch"));
        assertThat(calls.dynamoWriteUnits()).as("at least a unit per write call")
                .isGreaterThanOrEqualTo(calls.byOperation().get("DynamoDb UpdateItem"));
        assertThat(calls.dynamoReadUnits()).isPositive();
        assertThat(calls.kmsRequests()).isEqualTo(calls.byOperation().entrySet().stream().filter(e -> e.getKey().startsWith("Kms "))
                .mapToLong(Map.Entry::getValue).sum());
        assertThat(usage.sqsRequests()).as("the functions' requests and the event source's receive and delete per batch")
                .isEqualTo(calls.sqsRequests() + 2 * workerBatches);
        assertThat(component("DynamoDB write request units").quantity()).isCloseTo(calls.dynamoWriteUnits() * month * perTenant, WITHIN);
        assertThat(component("DynamoDB read request units").quantity()).isCloseTo(calls.dynamoReadUnits() * month * perTenant, WITHIN);
        assertThat(component("Secrets Manager API calls").quantity()).isCloseTo(calls.secretsManagerCalls() * month * perTenant, WITHIN);
        assertThat(component("KMS requests").quantity()).isCloseTo(calls.kmsRequests() * month, WITHIN);
        assertThat(output).doesNotContain("NOT RECORDED");
    }

    @Test
    void noMetricLineCarriesATenantDimension() {
        assertThat(result.usage().customMetrics()).isPositive();
        assertThat(metricSets()).isNotEmpty().noneMatch(set -> set.contains("tenant="));
        assertThat(metricSets()).anyMatch(set -> set.startsWith("Cadencia/Runs{category=critico,result=succeeded"));
    }

    @Test
    void theLastLineNamesTenantsTotalAndPerTenant() {
        String[] lines = output.strip().split("\n");
        assertThat(lines[lines.length - 1]).matches("cost: tenants=1000 usd_per_month=\\d+\\.\\d{2} usd_per_tenant=\\d+\\.\\d{4}");
        assertThat(output).contains("scaled x360.0 to a 30-day month and linearly x333.33 to 1000 tenants")
                .contains("outside the sum").contains("WhatsApp (Evolution API) requests").contains("t4g.small");
    }

    /** Each distinct metric as read back from the EMF lines the functions wrote. */
    private static List<String> metricSets() {
        return List.copyOf(result.metricSets());
    }

    private static CostModel.Component component(String name) {
        return result.estimate().components().stream().filter(c -> c.name().equals(name)).findFirst().orElseThrow();
    }
}
