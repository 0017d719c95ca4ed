package io.cadencia.local.cost;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cadencia.app.Cadencia;
import io.cadencia.aws.Json;
import io.cadencia.cost.CostModel;
import io.cadencia.cost.Price;
import io.cadencia.cost.PriceTable;
import io.cadencia.cost.Usage;
import io.cadencia.local.BillingSimulation;
import io.cadencia.local.EmbeddedAws;
import io.cadencia.local.LocalDeployment;
import io.cadencia.local.LocalEnvironment;
import io.cadencia.local.SimulatedClock;
import io.cadencia.local.Simulation;
import org.apache.logging.log4j.Level;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code ./cadencia cost}: a simulated stretch (a day by default) of the whole system on the embedded stack at
 * production pacing, measured as AWS would bill it, priced with the checked-in sa-east-1 table and scaled to a
 * 30-day month at the asked number of tenants ({@link CostModel}).
 */
public final class CostRun {

    /** The price table, a classpath resource of this module. */
    public static final String PRICES = "cost/prices-sa-east-1.json";
    /** The most tenants a day is simulated with; more are scaled linearly from it (a day at 100 takes minutes). */
    public static final int MAX_SIMULATED_TENANTS = 100;
    /** How much higher an unconfirmed sa-east-1 price could be: the sensitivity line of the output. */
    static final double UNCONFIRMED_FACTOR = 1.8;

    /**
     * @param tenants    tenants to price for
     * @param simulated  tenants to simulate (at most {@link #MAX_SIMULATED_TENANTS} by default)
     */
    public record Options(int tenants, int simulated, Instant from, Duration length, boolean fastSending, Path report) {
        public Options {
            if (tenants <= 0 || simulated <= 0 || length.isZero() || length.isNegative()) {
                throw new IllegalArgumentException("--tenants and the simulated tenants and hours must be positive (got tenants="
                        + tenants + ", simulated=" + simulated + ", length=" + length + ")");
            }
        }
    }

    /** What a run measured and what it costs. */
    /** @param metricSets each distinct metric, read back from the EMF lines the functions wrote */
    public record Result(Usage usage, CostModel.Estimate estimate, CostModel.Estimate unconfirmedHigh, AwsCallTotals calls,
                         Map<String, Long> logBytes, java.util.Set<String> metricSets, Simulation.Report simulation) {
    }

    private CostRun() {
    }

    public static Result run(Options options, PrintStream out) {
        Map<String, Object> template = LocalDeployment.packagedTemplate();
        SimulatedClock clock = new SimulatedClock(options.from(), Cadencia.ZONE);
        CostMeter meter = new CostMeter(namespace(template));
        Map<String, String> overrides = options.fastSending() ? BillingSimulation.FAST_SENDING : Map.of();
        try (LogBytes logs = new LogBytes(Level.toLevel(parameterDefault(template, "LogLevel"), Level.INFO));
             LocalEnvironment env = LocalEnvironment.start(clock, overrides, EmbeddedAws.DynamoMode.IN_PROCESS, meter)) {
            Simulation simulation = new Simulation(env, clock, out);
            // Scheduler ticks are delivered once: EventBridge's rare duplicate deliveries are a robustness test, not a cost.
            Simulation.Report report = simulation.run(new Simulation.Options(options.from(), options.length(), options.simulated(), 0, 42, java.util.Optional.empty(), false), () -> {
                meter.stop();
                logs.stop();
            });
            AwsCallTotals calls = meter.awsCallTotals();
            Usage usage = usage(template, env, meter, logs.byFunction(), calls, report, options);
            PriceTable prices = prices();
            return new Result(usage, CostModel.monthly(usage, options.tenants(), prices),
                    CostModel.monthly(usage, options.tenants(), prices.withUnconfirmedTimes(UNCONFIRMED_FACTOR)), calls,
                    logs.byFunction(), meter.metricSets(), report);
        }
    }

    static Usage usage(Map<String, Object> template, LocalEnvironment env, CostMeter meter, Map<String, Long> logBytes,
                       AwsCallTotals calls, Simulation.Report report, Options options) {
        Map<String, Usage.FunctionUsage> functions = new LinkedHashMap<>();
        long ticks = 0;
        long workerBatches = 0;
        for (Map.Entry<String, CostMeter.FunctionFigures> e : meter.functions().entrySet()) {
            String id = e.getKey();
            CostMeter.FunctionFigures f = e.getValue();
            String handler = env.deployment().function(id).handlerClass();
            boolean dispatcher = handler.endsWith(".DispatcherHandler");
            ticks += dispatcher ? f.invocations() : 0;
            workerBatches += handler.endsWith(".WorkerHandler") ? f.invocations() : 0;
            double gbSeconds = f.billedMillis() / 1000.0 * memoryMb(template, id) / 1024.0;
            functions.put(id, new Usage.FunctionUsage(f.invocations(), gbSeconds, logBytes.getOrDefault(id, 0L) + f.emfBytes(), dispatcher));
        }
        // The event source's own requests for each batch it hands a worker: the receive that got it, the delete after.
        long eventSourceRequests = 2 * workerBatches;
        int secrets = env.aws().clients().secrets().listSecrets(b -> b.maxResults(100)).secretList().size();
        Map<String, Long> outside = new LinkedHashMap<>();
        outside.put("WhatsApp (Evolution API) requests", (long) report.messages().getOrDefault("gatewayRequests", 0));
        outside.put("tenant endpoint calls", (long) env.tenantApp().calls().size());
        outside.put("HubSoft requests (no simulated tenant has HubSoft)", 0L);
        return new Usage(options.length(), options.simulated(), functions, ticks, calls.sqsRequests() + eventSourceRequests,
                calls.dynamoWriteUnits(), calls.dynamoReadUnits(), calls.secretsManagerCalls(), calls.kmsRequests(),
                meter.metricSets().size(), secrets, resourcesOfType(template, "AWS::KMS::Key"),
                env.catalogue().categories().size(), outside);
    }

    /** The checked-in price table. */
    public static PriceTable prices() {
        try (InputStream in = CostRun.class.getClassLoader().getResourceAsStream(PRICES)) {
            if (in == null) {
                throw new IllegalStateException(PRICES + " is not on the classpath");
            }
            JsonNode root = Json.MAPPER.readTree(in);
            Map<String, Price> prices = new HashMap<>();
            root.path("prices").properties().forEach(e -> {
                JsonNode p = e.getValue();
                prices.put(e.getKey(), new Price(e.getKey(), required(p, e.getKey(), "usd").asDouble(), required(p, e.getKey(), "unit").asText(),
                        required(p, e.getKey(), "source").asText(), required(p, e.getKey(), "retrieved").asText(),
                        required(p, e.getKey(), "confirmed").asBoolean(), p.path("note").asText("")));
            });
            Map<String, Double> assumptions = new HashMap<>();
            root.path("assumptions").properties().forEach(e -> assumptions.put(e.getKey(), required(e.getValue(), e.getKey(), "value").asDouble()));
            return new PriceTable(root.path("region").asText(), prices, assumptions);
        } catch (IOException e) {
            throw new IllegalStateException(PRICES + " is not valid JSON: " + e.getMessage(), e);
        }
    }

    private static JsonNode required(JsonNode node, String id, String field) {
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            throw new IllegalStateException(PRICES + ": '" + id + "' has no field '" + field + "'");
        }
        return value;
    }

    /** Prints the estimate; the last line is {@code cost: tenants=N usd_per_month=X usd_per_tenant=Y}. */
    public static void print(Result result, Options options, PrintStream out) {
        CostModel.Estimate estimate = result.estimate();
        out.println();
        out.printf("cost model: %s, prices from %s (free tiers ignored; * = price not confirmed for the region)%n",
                prices().region(), PRICES);
        out.printf("measured: %s simulated at %d tenants, production pacing%s; scaled x%.1f to a 30-day month%s%n",
                options.length(), options.simulated(), options.fastSending() ? " except --fast-sending (no send gap, no typing delay)" : "",
                estimate.dayFactor(), estimate.tenantFactor() == 1 ? "" : String.format(" and linearly x%.2f to %d tenants "
                        + "(what grows with tenants; ticks and fixed resources once)", estimate.tenantFactor(), options.tenants()));
        out.println("Lambda duration = wall time here + the simulated time each invocation paused (send gaps, waits): what Lambda bills");
        out.printf("%-42s %16s  %-20s %11s  %s%n", "component", "per month", "unit", "USD/month", "scaling");
        for (CostModel.Component c : estimate.components()) {
            out.printf("%-42s %16s  %-20s %11.4f  %s%n", c.name() + (c.confirmedPrice() ? "" : " *"), quantity(c.quantity()), c.unit(), c.usd(), c.scaling());
        }
        out.printf("%-42s %16s  %-20s %11.4f%n", "total", "", "", estimate.totalUsd());
        out.printf("%-42s %16s  %-20s %11.6f%n", "per tenant", "", "", estimate.perTenantUsd());
        out.printf("with every * price x%.1f: USD %.2f a month, USD %.6f per tenant%n", UNCONFIRMED_FACTOR,
                result.unconfirmedHigh().totalUsd(), result.unconfirmedHigh().perTenantUsd());
        out.println("outside the sum (calls per month at these tenants):");
        estimate.outside().forEach((name, calls) -> out.printf("  %-60s %16s%n", name, quantity(calls)));
        out.printf("compare: an always-on t4g.small VM (730 h + 20 GB gp3, sa-east-1) is USD %.2f a month = USD %.4f per tenant at %d "
                        + "tenants (one instance: no standby, no managed database, no queue)%n",
                estimate.vmUsd(), estimate.vmUsd() / options.tenants(), options.tenants());
        out.printf("cost: tenants=%d usd_per_month=%.2f usd_per_tenant=%.4f%n", options.tenants(), estimate.totalUsd(), estimate.perTenantUsd());
    }

    /** The report: the estimate, the measured usage it came from and the price table's figures used. */
    public static ObjectNode reportJson(Result result, Options options) {
        ObjectNode root = Json.MAPPER.createObjectNode();
        CostModel.Estimate estimate = result.estimate();
        root.put("tenants", options.tenants());
        root.put("simulatedTenants", options.simulated());
        root.put("simulated", options.length().toString());
        root.put("fastSending", options.fastSending());
        root.put("usdPerMonth", estimate.totalUsd());
        root.put("usdPerTenant", estimate.perTenantUsd());
        root.put("usdPerMonthWithUnconfirmedPricesHigh", result.unconfirmedHigh().totalUsd());
        ArrayNode components = root.putArray("components");
        for (CostModel.Component c : estimate.components()) {
            components.addObject().put("name", c.name()).put("quantityPerMonth", c.quantity()).put("unit", c.unit())
                    .put("usdPerMonth", c.usd()).put("scaling", c.scaling()).put("priceConfirmed", c.confirmedPrice());
        }
        root.set("outsidePerMonth", Json.MAPPER.valueToTree(estimate.outside()));
        ObjectNode scales = root.putObject("sameMeasurementAt");
        for (int n : new int[]{100, 1_000, 10_000}) {
            CostModel.Estimate at = CostModel.monthly(result.usage(), n, prices());
            scales.putObject(Integer.toString(n)).put("usdPerMonth", at.totalUsd()).put("usdPerTenant", at.perTenantUsd());
        }
        root.put("vmUsdPerMonth", estimate.vmUsd());
        ObjectNode measured = root.putObject("measured");
        measured.set("functions", Json.MAPPER.valueToTree(result.usage().functions()));
        measured.put("schedulerInvocations", result.usage().schedulerInvocations());
        measured.set("awsCalls", Json.MAPPER.valueToTree(result.calls()));
        measured.put("customMetrics", result.usage().customMetrics());
        measured.put("secretsStored", result.usage().secretsStored());
        measured.set("logBytes", Json.MAPPER.valueToTree(result.logBytes()));
        measured.put("wallSeconds", Math.round(result.simulation().wallSeconds() * 10) / 10.0);
        return root;
    }

    public static void writeReport(Result result, Options options) throws IOException {
        Files.writeString(options.report(), Json.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(reportJson(result, options)));
    }

    private static String quantity(double value) {
        return value >= 100 ? String.format("%,.0f", value) : String.format("%,.3f", value);
    }

    @SuppressWarnings("unchecked")
    private static int memoryMb(Map<String, Object> template, String function) {
        Object own = ((Map<String, Object>) ((Map<String, Object>) ((Map<String, Object>) template.get("Resources")).get(function))
                .get("Properties")).get("MemorySize");
        Object global = ((Map<String, Object>) ((Map<String, Object>) template.get("Globals")).get("Function")).get("MemorySize");
        Object value = own != null ? own : global;
        if (value == null) {
            throw new IllegalStateException("function " + function + " has no MemorySize and template.yaml's Globals set none");
        }
        return Integer.parseInt(value.toString());
    }

    @SuppressWarnings("unchecked")
    private static String namespace(Map<String, Object> template) {
        Map<String, Object> variables = (Map<String, Object>) ((Map<String, Object>) ((Map<String, Object>)
                ((Map<String, Object>) template.get("Globals")).get("Function")).get("Environment")).get("Variables");
        return String.valueOf(variables.getOrDefault("POWERTOOLS_METRICS_NAMESPACE", "Cadencia"));
    }

    @SuppressWarnings("unchecked")
    private static String parameterDefault(Map<String, Object> template, String parameter) {
        Object body = ((Map<String, Object>) template.get("Parameters")).get(parameter);
        return body instanceof Map<?, ?> m && m.get("Default") != null ? m.get("Default").toString() : "INFO";
    }

    @SuppressWarnings("unchecked")
    private static int resourcesOfType(Map<String, Object> template, String type) {
        return (int) ((Map<String, Object>) template.get("Resources")).values().stream()
                .filter(r -> r instanceof Map<?, ?> m && type.equals(m.get("Type"))).count();
    }
}
