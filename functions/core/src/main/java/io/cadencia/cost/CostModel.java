package io.cadencia.cost;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Prices measured usage as a 30-day month at a number of tenants. Pure arithmetic: no AWS, no clock.
 *
 * <p>Scaling is linear: a day measured at {@code S} tenants counts {@code N / S} times for whatever grows with the
 * tenants (runs, their calls, their logs), once for what follows the schedule (scheduler ticks, dispatcher
 * invocations and their log lines, KMS calls, which are per container and TTL) and once for what the stack holds
 * whatever the tenants (KMS keys, custom metrics, whose dimensions are bounded). Dispatcher duration is scaled with
 * the tenants, as it lists and messages them: an upper bound for its fixed part. Free tiers are ignored.
 */
public final class CostModel {

    public static final Duration MONTH = Duration.ofDays(30);
    private static final double GIB = 1024.0 * 1024 * 1024;
    private static final double SECONDS_PER_MONTH = MONTH.toSeconds();

    /** One priced line: quantity per month in the price's unit, and what it costs. */
    public record Component(String name, double quantity, String unit, double usd, String scaling, boolean confirmedPrice) {
    }

    /**
     * @param outside  calls per month to services outside the sum, by name
     * @param vmUsd    an always-on small VM for a month (instance hours and its disk), for comparison
     */
    public record Estimate(int tenants, int simulatedTenants, double tenantFactor, double dayFactor, List<Component> components,
                           Map<String, Double> outside, double vmUsd) {

        public double totalUsd() {
            return components.stream().mapToDouble(Component::usd).sum();
        }

        public double perTenantUsd() {
            return totalUsd() / tenants;
        }
    }

    private CostModel() {
    }

    public static Estimate monthly(Usage usage, int tenants, PriceTable prices) {
        if (tenants <= 0) {
            throw new IllegalArgumentException("tenants must be positive, got " + tenants);
        }
        double perTenant = (double) tenants / usage.tenants();
        double month = MONTH.toNanos() / (double) usage.simulated().toNanos();
        List<Component> lines = new ArrayList<>();

        double requests = 0;
        double gbSeconds = 0;
        double logBytes = 0;
        double platformBytes = prices.assumption("lambda.platformLogBytesPerInvocation");
        for (Usage.FunctionUsage f : usage.functions().values()) {
            double scale = month * (f.perTick() ? 1 : perTenant);
            requests += f.invocations() * scale;
            gbSeconds += f.gbSeconds() * month * perTenant;
            logBytes += (f.logBytes() + f.invocations() * platformBytes) * scale;
        }
        lines.add(line("Lambda requests", requests, prices.price("lambda.request"), "dispatchers per tick, others x tenants"));
        lines.add(line("Lambda duration", gbSeconds, prices.price("lambda.gbSecond"), "x tenants"));
        lines.add(line("EventBridge Scheduler invocations", usage.schedulerInvocations() * month,
                prices.price("scheduler.invocation"), "per tick"));
        double idlePolls = usage.queues() * prices.assumption("sqs.eventSourcePollersPerQueue")
                * SECONDS_PER_MONTH / prices.assumption("sqs.eventSourceLongPollSeconds");
        lines.add(line("SQS requests (64 KB chunks)", usage.sqsRequests() * month * perTenant, prices.price("sqs.fifoRequest"), "x tenants"));
        lines.add(line("SQS event-source idle long polls", idlePolls, prices.price("sqs.fifoRequest"), "per queue"));
        lines.add(line("DynamoDB write request units", usage.dynamoWriteUnits() * month * perTenant,
                prices.price("dynamodb.writeRequestUnit"), "x tenants"));
        lines.add(line("DynamoDB read request units", usage.dynamoReadUnits() * month * perTenant,
                prices.price("dynamodb.readRequestUnit"), "x tenants"));
        lines.add(line("CloudWatch Logs ingestion", logBytes / GIB, prices.price("logs.ingestedGb"), "dispatchers per tick, others x tenants"));
        lines.add(line("CloudWatch Logs storage (one month kept)", logBytes / GIB, prices.price("logs.storedGbMonth"),
                "as ingestion"));
        lines.add(line("CloudWatch custom metrics", usage.customMetrics(), prices.price("cloudwatch.customMetricMonth"),
                "fixed (bounded dimensions)"));
        lines.add(line("Secrets Manager secrets", usage.secretsStored() * perTenant, prices.price("secretsmanager.secretMonth"), "x tenants"));
        lines.add(line("Secrets Manager API calls", usage.secretsManagerCalls() * month * perTenant,
                prices.price("secretsmanager.apiCall"), "x tenants"));
        lines.add(line("KMS keys", usage.kmsKeys(), prices.price("kms.keyMonth"), "fixed"));
        lines.add(line("KMS requests", usage.kmsRequests() * month, prices.price("kms.request"), "per container and TTL"));

        Map<String, Double> outside = new LinkedHashMap<>();
        usage.outside().forEach((name, calls) -> outside.put(name, calls * month * perTenant));
        double vm = prices.assumption("vm.hoursPerMonth") * prices.price("ec2.t4gSmallHour").usd()
                + prices.assumption("vm.diskGb") * prices.price("ebs.gp3GbMonth").usd();
        return new Estimate(tenants, usage.tenants(), perTenant, month, List.copyOf(lines), outside, vm);
    }

    private static Component line(String name, double quantity, Price price, String scaling) {
        return new Component(name, quantity, price.unit(), quantity * price.usd(), scaling, price.confirmed());
    }
}
