package io.cadencia.local;

import com.fasterxml.jackson.databind.JsonNode;
import io.cadencia.app.Cadencia;
import io.cadencia.aws.Json;
import io.cadencia.billing.MessageSender;
import io.cadencia.catalogue.Job;
import io.cadencia.tenant.Tenant;
import io.cadencia.worktable.WorkTable;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.IntFunction;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * {@code ./cadencia bench coldstart}: cold starts of the built Lambda jar against the same requests written the
 * plain way ({@link io.cadencia.local.naive.NaiveHandlers}), each in a fresh JVM under Lambda's runtime interface
 * client, on the embedded stack.
 *
 * <p>This machine has no CRaC JVM, so no snapshot can be taken or restored. What stands in for it:
 * <ul>
 *   <li>Cadência starts for SnapStart ({@code AWS_LAMBDA_INITIALIZATION_TYPE=snap-start}): the runtime runs the
 *       hooks, priming included, asks {@code restore/next}, which is answered at once, runs the after-restore hooks
 *       and takes the request. Its JVM reads an AOT cache (JDK 25's {@code -XX:AOTCache}: classes loaded and linked
 *       ahead of time, with their profiles) recorded by a training run of the same start, with the template's
 *       {@code JAVA_TOOL_OPTIONS}. The jar is on the JVM's classpath too, since an AOT cache holds only classes of
 *       the JVM's own class loaders; Lambda's runtime then finds the handler there first.</li>
 *   <li>Cadência's figure is init (JVM start until the runtime calls the snapshot hooks: what SnapStart replaces by
 *       a restore) plus the first response (from {@code restore/next} until the response: after-restore hooks and
 *       the request, on the primed JVM). Priming itself is left out: on AWS it runs before the snapshot, when a
 *       version is published, never on a cold start.</li>
 *   <li>The baseline starts on demand with the managed runtime's JVM options only: init (JVM start until its
 *       first poll for work) plus the first response.</li>
 * </ul>
 * Medians over the runs; the last line is {@code coldstart: naive=<ms> cadencia=<ms> ratio=<r>}, medians over every
 * run of every handler.
 */
final class ColdStartBench {

    private static final Instant TICK = Instant.parse("2026-11-24T13:00:00Z");

    /** One handler of the bench: its function, its baseline, and the event of run {@code n} (fresh ids per run). */
    private record Case(String name, String logicalId, Class<?> naive, IntFunction<String> event) {
    }

    /** One cold start, in milliseconds. */
    private record Sample(long init, long first) {
        long total() {
            return init + first;
        }
    }

    private ColdStartBench() {
    }

    static void run(int runs) throws Exception {
        Path target = LambdaProcess.target();
        Path root = target.getParent().getParent().getParent();
        Path jar = root.resolve(LambdaProcess.templateProperty("ControlFunction", "CodeUri"));
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException("no Lambda jar at " + jar + "; build it with `mvn -B -DskipTests package` from the root");
        }
        Path work = Files.createTempDirectory("cadencia-coldstart");
        Path taskRoot = work.resolve("task");
        LambdaProcess.extract(jar, taskRoot);
        Path naiveRoot = naiveTaskRoot(target, work.resolve("naive"));
        System.out.printf("cold starts of %s: %d runs per handler, fresh JVMs, JDK %s, %d cores, load average %s%n", root.relativize(jar),
                runs, Runtime.version(), Runtime.getRuntime().availableProcessors(), loadAverage());
        try (LocalEnvironment env = LocalEnvironment.start(Clock.system(Cadencia.ZONE))) {
            List<Tenant> tenants = seed(env);
            List<Case> cases = cases(env, tenants);
            List<Sample> naiveAll = new ArrayList<>();
            List<Sample> cadenciaAll = new ArrayList<>();
            int n = 0;
            for (Case c : cases) {
                Path cache = work.resolve(c.name() + ".aot");
                LambdaProcess.Launch cadencia = LambdaProcess.function(env, c.logicalId(), taskRoot, LambdaProcess.SNAP_START);
                LambdaProcess.invokeAndStop(cadencia.with(List.of("-XX:AOTCacheOutput=" + cache), List.of(jar.toString())),
                        c.event().apply(n++), timeout(c), work);
                if (!Files.isRegularFile(cache)) {
                    throw new IllegalStateException("the training run of " + c.name() + " wrote no AOT cache; see " + work);
                }
                LambdaProcess.Launch trained = cadencia.with(List.of("-XX:AOTCache=" + cache), List.of(jar.toString()));
                LambdaProcess.Launch naive = naive(env, c, naiveRoot);
                List<Sample> naiveRuns = new ArrayList<>();
                List<Sample> cadenciaRuns = new ArrayList<>();
                for (int run = 0; run < runs; run++) {
                    naiveRuns.add(naiveSample(check(c, LambdaProcess.invokeOnce(naive, c.event().apply(n++), timeout(c), work))));
                    cadenciaRuns.add(cadenciaSample(check(c, LambdaProcess.invokeOnce(trained, c.event().apply(n++), timeout(c), work))));
                }
                naiveAll.addAll(naiveRuns);
                cadenciaAll.addAll(cadenciaRuns);
                System.out.printf("%-10s naive: init %5d + first response %5d = %5d ms | cadencia: init %5d + first response %4d = %5d ms%n",
                        c.name(), median(naiveRuns, Sample::init), median(naiveRuns, Sample::first), median(naiveRuns, Sample::total),
                        median(cadenciaRuns, Sample::init), median(cadenciaRuns, Sample::first), median(cadenciaRuns, Sample::total));
            }
            long naive = median(naiveAll, Sample::total);
            long cadencia = median(cadenciaAll, Sample::total);
            long restorePath = median(cadenciaAll, Sample::first);
            // Other work on the machine slows both sides, and not alike: say how busy it was.
            System.out.printf("load average at the end: %s%n", loadAverage());
            System.out.printf("restore path only (after-restore hooks + first response; a restore's own time cannot be measured here): "
                    + "cadencia=%d ratio=%.2f%n", restorePath, (double) restorePath / naive);
            System.out.printf("coldstart: naive=%d cadencia=%d ratio=%.2f%n", naive, cadencia, (double) cadencia / naive);
        } finally {
            // The task roots and the AOT caches (about 60 MB each).
            try (Stream<Path> files = Files.walk(work)) {
                for (Path file : files.sorted(java.util.Comparator.reverseOrder()).toList()) {
                    Files.delete(file);
                }
            }
        }
    }

    private static List<Case> cases(LocalEnvironment env, List<Tenant> tenants) {
        String job = MessageSender.JOB;
        Job critical = env.catalogue().require(job);
        return List.of(
                new Case("dispatcher", "CriticoDispatcherFunction", io.cadencia.local.naive.NaiveHandlers.Dispatcher.class,
                        n -> json(Map.of("job", job, "scheduledTime", TICK.plus(Duration.ofMinutes(n)).toString()))),
                new Case("worker", "CriticoWorkerFunction", io.cadencia.local.naive.NaiveHandlers.Worker.class,
                        n -> sqsEvent(critical, tenants.subList(0, 2), TICK.plus(Duration.ofMinutes(n)))),
                new Case("control", "ControlFunction", io.cadencia.local.naive.NaiveHandlers.Control.class,
                        n -> json(Map.of("action", "status"))),
                new Case("ingest", "BillingIngestFunction", io.cadencia.local.naive.NaiveHandlers.Ingest.class,
                        n -> json(Map.of("tenantId", tenants.getFirst().id(), "billings", billings(n)))));
    }

    /** Three valid billings with ids of their own in run {@code n}, due in ten days. */
    private static List<Map<String, Object>> billings(int n) {
        LocalDate due = LocalDate.now(Cadencia.ZONE).plusDays(10);
        List<Map<String, Object>> billings = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            billings.add(BillingData.valid("COLD-" + n + "-" + i, n * 3 + i, due));
        }
        return billings;
    }

    /** Three active tenants, each with a due reminder wake at {@link #TICK}, so dispatcher ticks reach them. */
    private static List<Tenant> seed(LocalEnvironment env) {
        List<Tenant> tenants = env.seedTenants(3);
        String workTable = env.app("ControlFunction").config().workTable();
        for (Tenant tenant : tenants) {
            WorkTable.DueKey wake = WorkTable.wakeAt(MessageSender.JOB, tenant.id(), TICK);
            env.aws().clients().dynamo().putItem(b -> b.tableName(workTable).item(Map.of(
                    "pk", AttributeValue.fromS(tenant.id()), "sk", AttributeValue.fromS(WorkTable.wake(MessageSender.JOB)),
                    WorkTable.WAKE_PK, AttributeValue.fromS(wake.duePk()), WorkTable.WAKE_SK, AttributeValue.fromS(wake.dueSk()))));
        }
        return tenants;
    }

    /** The baseline of {@code c}: the function's variables without the template's JVM options, and the job names. */
    private static LambdaProcess.Launch naive(LocalEnvironment env, Case c, Path naiveRoot) {
        LambdaProcess.Launch function = LambdaProcess.function(env, c.logicalId(), naiveRoot, LambdaProcess.ON_DEMAND);
        Map<String, String> variables = new LinkedHashMap<>(function.variables());
        variables.remove("JAVA_TOOL_OPTIONS");
        variables.put("NAIVE_JOBS", env.catalogue().jobs().stream().map(Job::name).collect(Collectors.joining(",")));
        return new LambdaProcess.Launch("naive-" + c.name(), naiveRoot, c.naive().getName() + "::handleRequest", variables,
                List.of(), List.of());
    }

    /** The baseline's task root: its classes, and the jars of a plain SDK project in lib/ (copied by the build). */
    private static Path naiveTaskRoot(Path target, Path into) throws IOException {
        Path classes = target.resolve("classes").resolve("io/cadencia/local/naive");
        Path lib = target.resolve("naive-lambda").resolve("lib");
        if (!Files.isDirectory(lib)) {
            throw new IllegalStateException("no " + lib + "; build with `mvn -B -DskipTests package` from the root");
        }
        Path packageDir = into.resolve("io/cadencia/local/naive");
        Files.createDirectories(packageDir);
        Files.createDirectories(into.resolve("lib"));
        try (Stream<Path> files = Stream.concat(Files.list(classes), Files.list(lib))) {
            for (Path file : files.toList()) {
                Path to = (file.startsWith(classes) ? packageDir : into.resolve("lib")).resolve(file.getFileName().toString());
                Files.copy(file, to);
            }
        }
        return into;
    }

    private static LambdaProcess.Run check(Case c, LambdaProcess.Run run) {
        if (run.answer().error()) {
            throw new IllegalStateException(c.name() + " answered an error: " + run.answer().body() + "\n" + run.stderr());
        }
        return run;
    }

    private static Sample naiveSample(LambdaProcess.Run run) {
        return new Sample(millis(run.firstPoll() - run.started()), millis(run.answer().receivedNanos() - run.firstPoll()));
    }

    /**
     * Init ends when the runtime calls the snapshot hooks: ours run first and log how long they took when done
     * ("primed for the snapshot in N ms", timestamped), so that moment is the line's time less N.
     */
    private static Sample cadenciaSample(LambdaProcess.Run run) {
        if (run.restoreAsked() == null) {
            throw new IllegalStateException("the runtime never asked restore/next: not started for SnapStart?\n" + run.stderr());
        }
        JsonNode primed = run.stdout().lines().filter(line -> line.contains("primed for the snapshot in ")).map(ColdStartBench::tree)
                .findFirst().orElseThrow(() -> new IllegalStateException("no priming line in:\n" + run.stdout()));
        long primingMs = Long.parseLong(primed.path("message").asText().replaceAll("\\D", ""));
        long primedAt = LocalDateTime.parse(primed.path("timestamp").asText().replace("Z", "")).toInstant(ZoneOffset.UTC).toEpochMilli();
        long startedAt = System.currentTimeMillis() - millis(System.nanoTime() - run.started());
        return new Sample(primedAt - primingMs - startedAt, millis(run.answer().receivedNanos() - run.restoreAsked()));
    }

    /** The 1, 5 and 15 minute load averages (Linux), or "unknown". */
    private static String loadAverage() {
        try {
            String[] fields = Files.readString(Path.of("/proc/loadavg")).split(" ");
            return fields[0] + " " + fields[1] + " " + fields[2];
        } catch (IOException e) {
            return "unknown";
        }
    }

    private static long median(List<Sample> samples, java.util.function.ToLongFunction<Sample> value) {
        long[] sorted = samples.stream().mapToLong(value).sorted().toArray();
        int middle = sorted.length / 2;
        return sorted.length % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
    }

    private static long millis(long nanos) {
        return Math.round(nanos / 1_000_000.0);
    }

    private static Duration timeout(Case c) {
        return Duration.ofSeconds(Long.parseLong(LambdaProcess.templateProperty(c.logicalId(), "Timeout")));
    }

    private static String sqsEvent(Job job, List<Tenant> tenants, Instant tick) {
        List<Map<String, Object>> records = new ArrayList<>();
        for (Tenant tenant : tenants) {
            Map<String, Object> body = Map.of("job", job.name(), "category", job.category(), "tenantId", tenant.id(),
                    "scheduledTime", tick.toString(), "endpoint", job.endpoint(), "trigger", "schedule");
            records.add(Map.of("messageId", tenant.id() + "-" + tick.getEpochSecond(), "receiptHandle", "handle-" + tenant.id(),
                    "body", json(body), "attributes", Map.of("ApproximateReceiveCount", "1", "MessageGroupId", tenant.id()),
                    "eventSource", "aws:sqs", "eventSourceARN", "arn:aws:sqs:us-east-1:000000000000:CriticoQueue.fifo"));
        }
        return json(Map.of("Records", records));
    }

    private static JsonNode tree(String line) {
        try {
            return Json.MAPPER.readTree(line);
        } catch (IOException e) {
            throw new IllegalStateException("not a JSON log line: " + line, e);
        }
    }

    private static String json(Object value) {
        try {
            return Json.MAPPER.writeValueAsString(value);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
