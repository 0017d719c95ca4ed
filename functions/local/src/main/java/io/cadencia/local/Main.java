package io.cadencia.local;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cadencia.app.Cadencia;
import io.cadencia.aws.Json;
import io.cadencia.billing.BrazilTime;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;

/** {@code ./cadencia}: the whole system on this machine, on embedded engines. */
@Command(name = "cadencia", mixinStandardHelpOptions = true,
        description = "Runs Cadência locally on DynamoDB Local, ElasticMQ and Secrets Manager and KMS fakes.",
        subcommands = {Main.Simulate.class, Main.Invoke.class, Main.Serve.class, Main.Bench.class, Main.Cost.class, CommandLine.HelpCommand.class})
public final class Main {

    public static void main(String[] args) {
        System.exit(new CommandLine(new Main()).execute(args));
    }

    @Command(name = "simulate", description = "Fast-forward a simulated clock through every schedule of template.yaml.")
    static final class Simulate implements Callable<Integer> {
        @Option(names = "--from", description = "Start (ISO-8601, e.g. 2026-11-24T00:00-03:00). Default: the next local midnight in America/Sao_Paulo.")
        String from;
        @Option(names = "--hours", defaultValue = "24", description = "Hours to simulate (default ${DEFAULT-VALUE}).")
        int hours;
        @Option(names = "--tenants", defaultValue = "10", description = "Active tenants (default ${DEFAULT-VALUE}).")
        int tenants;
        @Option(names = "--duplicate-ticks", defaultValue = "0.05", description = "Share of ticks delivered twice (default ${DEFAULT-VALUE}).")
        double duplicateTicks;
        @Option(names = "--report", description = "Write the JSON report to this file.")
        Path report;
        @Option(names = "--fast-sending", description = "Drop the ban-avoidance send gap and typing delay (production pacing is the default; on the simulated clock it costs no wall time).")
        boolean fastSending;
        @Option(names = "--wire", description = "Reach DynamoDB Local over HTTP like the real service (about four times slower).")
        boolean wire;
        @Option(names = "--outage", description = "FROM/TO: every tick scheduled in [FROM, TO) fails to reach its dispatcher (scheduler retries included); "
                + "after it each job's catch-up policy applies. ISO-8601 with offsets or São Paulo local times, e.g. 2026-11-24T02:30-03:00/2026-11-24T09:30-03:00.")
        String outage;
        @Option(names = "--no-faults", description = "Leave out the fault injection that makes each of seed 002's four alerts fire and resolve once in a day (see the printed plan).")
        boolean noFaults;

        @Override
        public Integer call() throws Exception {
            if (hours <= 0 || tenants <= 0 || duplicateTicks < 0 || duplicateTicks > 1) {
                throw new CommandLine.ParameterException(new CommandLine(this),
                        "--hours and --tenants must be positive and --duplicate-ticks within 0..1 (got hours=" + hours + ", tenants=" + tenants + ", duplicate-ticks=" + duplicateTicks + ")");
            }
            Instant start = from == null ? Simulation.nextLocalMidnight(Clock.systemUTC().instant()) : parseInstant(from, "--from");
            Optional<Simulation.Outage> outageWindow = outage == null ? Optional.empty() : Optional.of(parseOutage(outage));
            SimulatedClock clock = new SimulatedClock(start, Cadencia.ZONE);
            try (LocalEnvironment env = LocalEnvironment.simulation(clock, fastSending ? BillingSimulation.FAST_SENDING : Map.of(),
                    wire ? EmbeddedAws.DynamoMode.SERVER : EmbeddedAws.DynamoMode.IN_PROCESS)) {
                Simulation simulation = new Simulation(env, clock, System.out);
                Simulation.Report result = simulation.run(new Simulation.Options(start, Duration.ofHours(hours), tenants, duplicateTicks, 42,
                        outageWindow, !noFaults));
                simulation.printSummary(result);
                if (report != null) {
                    Files.writeString(report, Json.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(reportJson(result)));
                    System.out.println("report written to " + report.toAbsolutePath());
                }
                if (result.overruns() > 0) {
                    return 4;
                }
                if (result.tenantTimeViolations() > 0) {
                    return 5;
                }
                return result.duplicateEffects() == 0 && result.messages().getOrDefault("duplicateSends", 0) == 0 ? 0 : 3;
            }
        }
    }

    static ObjectNode reportJson(Simulation.Report result) {
        ObjectNode root = Json.MAPPER.createObjectNode();
        root.put("from", result.from().toString());
        root.put("to", result.to().toString());
        root.put("tenants", result.tenants());
        ObjectNode jobs = root.putObject("jobs");
        result.jobs().forEach((name, f) -> jobs.putObject(name).put("ticks", f.ticks()).put("dispatched", f.dispatched())
                .put("succeeded", f.succeeded()).put("failed", f.failed())
                .put("undeliveredTicks", f.undelivered()).put("missedTicks", f.missedTicks()).put("caughtUp", f.caughtUp()));
        result.outage().ifPresent(o -> root.put("outage", o.from() + "/" + o.to()));
        root.put("undeliveredTicks", result.jobs().values().stream().mapToInt(Simulation.JobFigures::undelivered).sum());
        root.put("missedTicks", result.jobs().values().stream().mapToInt(Simulation.JobFigures::missedTicks).sum());
        root.put("caughtUp", result.jobs().values().stream().mapToInt(Simulation.JobFigures::caughtUp).sum());
        root.put("duplicateTickDeliveries", result.duplicateTicksDelivered());
        root.put("duplicateEffects", result.duplicateEffects());
        root.put("deadLettered", result.deadLettered());
        root.put("overruns", result.overruns());
        root.put("wallSeconds", Math.round(result.wallSeconds() * 10) / 10.0);
        root.put("tenantRuns", result.tenantRuns());
        root.put("tenantRunsPerSecond", Math.round(result.tenantRunsPerSecond() * 10) / 10.0);
        root.set("billings", Json.MAPPER.valueToTree(result.billings()));
        ObjectNode messages = root.putObject("messages");
        for (String key : java.util.List.of("sent", "failed", "cancelled", "duplicateSends")) {
            messages.put(key, result.messages().getOrDefault(key, 0));
        }
        root.set("alerts", Json.MAPPER.valueToTree(result.alerts()));
        root.set("ticksNotDelivered", Json.MAPPER.valueToTree(result.ticksNotDelivered()));
        root.set("tenantTime", Json.MAPPER.valueToTree(result.tenantTime()));
        root.put("tenantTimeViolations", result.tenantTimeViolations());
        return root;
    }

    @Command(name = "invoke", description = "Run one function's handler with an event on a fresh embedded stack and print its JSON response.")
    static final class Invoke implements Callable<Integer> {
        @Parameters(index = "0", description = "Function logical id from template.yaml, e.g. ControlFunction.")
        String function;
        @Option(names = {"-e", "--event"}, required = true, description = "Event JSON file (see events/).")
        Path event;
        @Option(names = "--tenants", defaultValue = "3", description = "Tenants to seed first (default ${DEFAULT-VALUE}).")
        int tenants;

        @Override
        public Integer call() throws Exception {
            Clock clock = Clock.system(Cadencia.ZONE);
            try (LocalEnvironment env = LocalEnvironment.start(clock)) {
                env.deployment().function(function);
                env.seedTenants(tenants);
                try {
                    System.out.println(env.invoke(function, Files.readString(event)));
                    return 0;
                } catch (RuntimeException e) {
                    ObjectNode error = Json.MAPPER.createObjectNode().put("errorType", e.getClass().getName()).put("errorMessage", e.getMessage());
                    System.out.println(Json.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(error));
                    return 1;
                }
            }
        }
    }

    @Command(name = "serve", description = "Keep the stack up on 127.0.0.1 with a Lambda Invoke API and fire schedules on the real clock.")
    static final class Serve implements Callable<Integer> {
        @Option(names = "--port", defaultValue = "3001", description = "Lambda Invoke API port (default ${DEFAULT-VALUE}, as sam local start-lambda).")
        int port;
        @Option(names = "--tenants", defaultValue = "3", description = "Tenants to seed (default ${DEFAULT-VALUE}).")
        int tenants;

        @Override
        public Integer call() throws Exception {
            Clock clock = Clock.system(Cadencia.ZONE);
            LocalEnvironment env = LocalEnvironment.start(clock);
            env.seedTenants(tenants);
            LocalServer server = LocalServer.start(env, port);
            System.out.println("Lambda Invoke API: http://127.0.0.1:" + port + "  (aws lambda invoke --endpoint-url http://127.0.0.1:" + port
                    + " --function-name ControlFunction --payload fileb://events/control-status.json out.json)");
            System.out.println("DynamoDB:        " + env.aws().dynamoEndpoint());
            System.out.println("SQS:             " + env.aws().sqsEndpoint());
            System.out.println("Secrets Manager: " + env.aws().secretsEndpoint());
            System.out.println("KMS:             " + env.aws().kmsEndpoint());
            System.out.println("credentials:     access key " + EmbeddedAws.ACCESS_KEY + ", region " + EmbeddedAws.REGION.id()
                    + " (DynamoDB Local keeps one database per key and region; any secret)");
            System.out.println("functions: " + String.join(", ", env.deployment().functions().keySet()));
            System.out.println("firing schedules on the real clock; Ctrl-C to stop");
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                server.close();
                env.close();
            }));
            server.fireSchedules();
            return 0;
        }
    }

    @Command(name = "bench", description = "Benchmarks that print figures: 'hubsoft' (seed 003's typical day, naive client vs Cadência, "
            + "last line 'hubsoft requests: naive=N cadencia=M reduction=P% 429s=K'), 'billing' (ingest of 1,000 billings and sends per second) "
            + "'dispatch' (one dispatcher tick to every tenant vs plain SendMessageBatch calls, "
            + "last line 'dispatch: tenants=N seconds=S msgs_per_s=R ceiling_msgs_per_s=C') "
            + "or 'coldstart' (fresh JVMs of the Lambda jar, primed and AOT-cached as a stand-in for a SnapStart restore, vs a naive "
            + "handler per function, last line 'coldstart: naive=<ms> cadencia=<ms> ratio=<r>').")
    static final class Bench implements Callable<Integer> {
        @Parameters(index = "0", description = "hubsoft | billing | dispatch | coldstart")
        String which;
        @Parameters(index = "1..*", arity = "0..*", description = "Arguments passed to the benchmark (billing: COUNT [SERVER|IN_PROCESS]).")
        java.util.List<String> args = new java.util.ArrayList<>();
        @Option(names = "--tenants", description = "dispatch: active tenants (default 10000).")
        Integer tenants;
        @Option(names = "--runs", description = "coldstart: cold starts of each handler, each side (default 5).")
        Integer runs;

        @Override
        public Integer call() throws Exception {
            String[] rest = args.toArray(String[]::new);
            if (tenants != null && (!which.equals("dispatch") || tenants <= 0)) {
                throw new CommandLine.ParameterException(new CommandLine(this), "--tenants is a positive count, for 'dispatch' only");
            }
            if (runs != null && (!which.equals("coldstart") || runs <= 0)) {
                throw new CommandLine.ParameterException(new CommandLine(this), "--runs is a positive count, for 'coldstart' only (got " + runs + ")");
            }
            switch (which) {
                case "hubsoft" -> io.cadencia.local.hubsoft.HubSoftBench.main(rest);
                case "billing" -> BillingBench.main(rest);
                case "dispatch" -> DispatchBench.run(tenants == null ? 10_000 : tenants);
                case "coldstart" -> ColdStartBench.run(runs == null ? 5 : runs);
                default -> throw new CommandLine.ParameterException(new CommandLine(this), "unknown benchmark '" + which + "'; known: hubsoft, billing, dispatch, coldstart");
            }
            return 0;
        }
    }

    @Command(name = "cost", description = "Simulate a day at production pacing, count what AWS would bill and price it for a 30-day "
            + "month in sa-east-1; last line 'cost: tenants=N usd_per_month=X usd_per_tenant=Y'.")
    static final class Cost implements Callable<Integer> {
        @Option(names = "--tenants", defaultValue = "1000", description = "Tenants to price for (default ${DEFAULT-VALUE}).")
        int tenants;
        @Option(names = "--simulate-tenants", description = "Tenants to simulate (default: --tenants, at most "
                + io.cadencia.local.cost.CostRun.MAX_SIMULATED_TENANTS + "; more are scaled linearly).")
        Integer simulateTenants;
        @Option(names = "--hours", defaultValue = "24", description = "Hours to simulate (default ${DEFAULT-VALUE}); scaled to 30 days.")
        int hours;
        @Option(names = "--from", description = "Start (ISO-8601). Default: the next local midnight in America/Sao_Paulo.")
        String from;
        @Option(names = "--report", description = "Write the JSON report (components, measured usage) to this file.")
        Path report;
        @Option(names = "--fast-sending", description = "Drop the send gap and typing delay (cheaper than production: said in the output).")
        boolean fastSending;

        @Override
        public Integer call() throws Exception {
            int simulated = simulateTenants == null ? Math.min(tenants, io.cadencia.local.cost.CostRun.MAX_SIMULATED_TENANTS) : simulateTenants;
            if (tenants <= 0 || simulated <= 0 || hours <= 0) {
                throw new CommandLine.ParameterException(new CommandLine(this), "--tenants, --simulate-tenants and --hours must be positive (got tenants="
                        + tenants + ", simulate-tenants=" + simulated + ", hours=" + hours + ")");
            }
            Instant start = from == null ? Simulation.nextLocalMidnight(Clock.systemUTC().instant()) : parseInstant(from, "--from");
            var options = new io.cadencia.local.cost.CostRun.Options(tenants, simulated, start, Duration.ofHours(hours), fastSending, report);
            var result = io.cadencia.local.cost.CostRun.run(options, System.out);
            if (report != null) {
                io.cadencia.local.cost.CostRun.writeReport(result, options);
                System.out.println("report written to " + report.toAbsolutePath());
            }
            io.cadencia.local.cost.CostRun.print(result, options, System.out);
            return 0;
        }
    }

    static Instant parseInstant(String value, String option) {
        return BrazilTime.instant(value).orElseThrow(() -> new IllegalArgumentException(option + " value '" + value
                + "' is not ISO-8601 with an offset (2026-11-24T00:00-03:00) or a São Paulo local time (2026-11-24T00:00)"));
    }

    static Simulation.Outage parseOutage(String value) {
        String[] ends = value.split("/", -1);
        if (ends.length != 2) {
            throw new IllegalArgumentException("--outage value '" + value + "' is not FROM/TO, e.g. 2026-11-24T02:30-03:00/2026-11-24T09:30-03:00");
        }
        Instant from = parseInstant(ends[0], "--outage FROM");
        Instant to = parseInstant(ends[1], "--outage TO");
        if (!from.isBefore(to)) {
            throw new IllegalArgumentException("--outage value '" + value + "': FROM must be before TO");
        }
        return new Simulation.Outage(from, to);
    }
}
