package io.cadencia.cost;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

class CostModelTest {

    /** Round prices, one cent per unit except where a test needs otherwise, so each line is easy to check by hand. */
    static PriceTable prices() {
        Map<String, Price> prices = new HashMap<>();
        for (String id : new String[]{"lambda.request", "lambda.gbSecond", "scheduler.invocation", "sqs.fifoRequest",
                "dynamodb.writeRequestUnit", "dynamodb.readRequestUnit", "logs.ingestedGb", "logs.storedGbMonth",
                "cloudwatch.customMetricMonth", "secretsmanager.secretMonth", "secretsmanager.apiCall", "kms.keyMonth",
                "kms.request", "ec2.t4gSmallHour", "ebs.gp3GbMonth"}) {
            prices.put(id, new Price(id, 0.01, "unit", "https://example", "2026-11-23", !id.equals("kms.keyMonth"), ""));
        }
        Map<String, Double> assumptions = Map.of("lambda.platformLogBytesPerInvocation", 0.0, "sqs.eventSourcePollersPerQueue", 1.0,
                "sqs.eventSourceLongPollSeconds", 20.0, "vm.hoursPerMonth", 730.0, "vm.diskGb", 20.0);
        return new PriceTable("sa-east-1", prices, assumptions);
    }

    static Usage day() {
        return new Usage(Duration.ofDays(1), 10, Map.of(
                "CriticoDispatcherFunction", new Usage.FunctionUsage(100, 10, 1024L * 1024 * 1024, true),
                "CriticoWorkerFunction", new Usage.FunctionUsage(50, 20, 0, false)),
                100, 40, 500, 200, 5, 3, 7, 2, 1, 2, Map.of("WhatsApp (Evolution API)", 30L));
    }

    @Test
    void eachComponentScalesToAMonthAndToTheTenantsAsItGrows() {
        CostModel.Estimate estimate = CostModel.monthly(day(), 100, prices());

        assertThat(estimate.tenantFactor()).isEqualTo(10);
        assertThat(estimate.dayFactor()).isEqualTo(30);
        // Dispatcher invocations follow the ticks (100 x 30); worker invocations the tenants too (50 x 30 x 10).
        assertThat(quantity(estimate, "Lambda requests")).isEqualTo(3_000 + 15_000);
        assertThat(quantity(estimate, "Lambda duration")).isEqualTo((10 + 20) * 30 * 10);
        assertThat(quantity(estimate, "EventBridge Scheduler invocations")).isEqualTo(3_000);
        assertThat(quantity(estimate, "SQS requests (64 KB chunks)")).isEqualTo(40 * 30 * 10);
        // 2 queues, 1 poller each, a 20 s long poll: 2 x 30 x 86,400 / 20.
        assertThat(quantity(estimate, "SQS event-source idle long polls")).isEqualTo(259_200);
        assertThat(quantity(estimate, "DynamoDB write request units")).isEqualTo(150_000);
        assertThat(quantity(estimate, "DynamoDB read request units")).isEqualTo(60_000);
        assertThat(quantity(estimate, "CloudWatch Logs ingestion")).as("1 GiB a day of dispatcher lines, per tick").isEqualTo(30);
        assertThat(quantity(estimate, "CloudWatch custom metrics")).as("bounded dimensions: not scaled").isEqualTo(7);
        assertThat(quantity(estimate, "Secrets Manager secrets")).as("stored, not per day").isEqualTo(20);
        assertThat(quantity(estimate, "Secrets Manager API calls")).isEqualTo(1_500);
        assertThat(quantity(estimate, "KMS keys")).isEqualTo(1);
        assertThat(quantity(estimate, "KMS requests")).as("per container and TTL: not scaled by tenants").isEqualTo(90);
        assertThat(estimate.outside()).containsEntry("WhatsApp (Evolution API)", 9_000.0);
        assertThat(estimate.vmUsd()).isCloseTo(750 * 0.01, within(1e-9));
    }

    @Test
    void totalAndPerTenantAreTheSumOfTheLines() {
        CostModel.Estimate estimate = CostModel.monthly(day(), 100, prices());
        double sum = estimate.components().stream().mapToDouble(c -> c.quantity() * 0.01).sum();

        assertThat(estimate.totalUsd()).isCloseTo(sum, within(1e-9));
        assertThat(estimate.perTenantUsd()).isCloseTo(sum / 100, within(1e-12));
    }

    @Test
    void twoSimulatedHoursCountTwelveTimesMorePerDay() {
        Usage twoHours = new Usage(Duration.ofHours(2), 10, day().functions(), 100, 40, 500, 200, 5, 3, 7, 2, 1, 2, Map.of());

        assertThat(CostModel.monthly(twoHours, 10, prices()).dayFactor()).isEqualTo(360);
        assertThat(quantity(CostModel.monthly(twoHours, 10, prices()), "EventBridge Scheduler invocations")).isEqualTo(36_000);
    }

    @Test
    void onlyUnconfirmedPricesMoveUnderTheSensitivityFactor() {
        PriceTable doubled = prices().withUnconfirmedTimes(2);

        assertThat(doubled.price("kms.keyMonth").usd()).isEqualTo(0.02);
        assertThat(doubled.price("lambda.request").usd()).isEqualTo(0.01);
    }

    @Test
    void aMissingPriceOrBadInputIsNamed() {
        PriceTable empty = new PriceTable("sa-east-1", Map.of(), Map.of("lambda.platformLogBytesPerInvocation", 0.0));
        assertThatThrownBy(() -> CostModel.monthly(day(), 10, empty)).hasMessageContaining("has no price 'lambda.request'");
        assertThatThrownBy(() -> CostModel.monthly(day(), 0, prices())).hasMessage("tenants must be positive, got 0");
        assertThatThrownBy(() -> new Price("x", -1, "u", "s", "d", true, "")).hasMessageContaining("price x value -1.0");
    }

    private static double quantity(CostModel.Estimate estimate, String name) {
        return estimate.components().stream().filter(c -> c.name().equals(name)).findFirst().orElseThrow().quantity();
    }
}
