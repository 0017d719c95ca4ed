package io.cadencia.local;

import com.fasterxml.jackson.databind.JsonNode;
import io.cadencia.app.Cadencia;
import io.cadencia.aws.Json;
import io.cadencia.billing.MessageSender;
import io.cadencia.tenant.Tenant;
import io.cadencia.worktable.WorkTable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

import java.io.DataInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The built shaded jar, run as Lambda runs it: extracted into a task root, loaded by the AWS Lambda Java runtime
 * interface client (the runtime of the managed java runtimes) in a fresh JVM whose classpath holds only that
 * runtime, polling a Runtime API, with the function's environment from template.yaml and the SDK pointed at the
 * embedded engines through the standard {@code AWS_ENDPOINT_URL_*} variables an operator could set too.
 *
 * <p>Runs in the {@code integration-test} phase (failsafe): by then the reactor has packaged the runtime module,
 * so the jar under test is the one just built, never a stale one from an earlier build.
 */
class ShadedJarIT {

    static final Path JAR = Path.of(System.getProperty("cadencia.lambdaJar",
            "../runtime/target/cadencia-runtime-1.0.0-SNAPSHOT-lambda.jar"));
    static final Path EVENTS = Path.of("../../events");

    @TempDir
    static Path work;
    static LocalEnvironment env;
    static Path taskRoot;

    @BeforeAll
    static void start() throws IOException {
        assertThat(JAR).as("the shaded Lambda jar; build it with `mvn -B verify` from the repository root").isRegularFile();
        taskRoot = work.resolve("task");
        LambdaProcess.extract(JAR, taskRoot);
        env = LocalEnvironment.start(Clock.system(Cadencia.ZONE));
        // The critical sender is due-driven: each tenant is woken at the sample event's tick, as a due reminder would.
        Instant tick = Instant.parse("2026-11-24T13:00:00Z");
        for (Tenant tenant : env.seedTenants(3)) {
            WorkTable.DueKey wake = WorkTable.wakeAt(MessageSender.JOB, tenant.id(), tick);
            env.aws().clients().dynamo().putItem(b -> b.tableName(env.app("ControlFunction").config().workTable()).item(Map.of(
                    "pk", AttributeValue.fromS(tenant.id()), "sk", AttributeValue.fromS(WorkTable.wake(MessageSender.JOB)),
                    WorkTable.WAKE_PK, AttributeValue.fromS(wake.duePk()), WorkTable.WAKE_SK, AttributeValue.fromS(wake.dueSk()))));
        }
    }

    @AfterAll
    static void stop() {
        if (env != null) {
            env.close();
        }
    }

    @Test
    void dispatcherTickFromTheJarSendsOneMessagePerTenantAndLogsJson() throws Exception {
        Run run = invoke("CriticoDispatcherFunction", Files.readString(EVENTS.resolve("dispatcher-critico.json")));

        JsonNode response = Json.MAPPER.readTree(run.answer().body());
        assertThat(response.path("status").asText()).isEqualTo("DISPATCHED");
        assertThat(response.path("messages").asInt()).isEqualTo(3);
        assertThat(env.depth(env.deployment().function("CriticoWorkerFunction").config().queueUrl("critico"))).isEqualTo(3);
        assertThat(run.stderr()).contains("Picked up JAVA_TOOL_OPTIONS: "
                + templateProperty("CriticoDispatcherFunction", "Environment", "Variables", "JAVA_TOOL_OPTIONS"));
        assertThat(run.infoLines()).anySatisfy(line -> {
            assertThat(line.path("message").asText()).startsWith("tick processar_mensagens_agendadas at 2026-11-24T13:00:00Z: DISPATCHED");
            assertThat(line.path("job").asText()).isEqualTo("processar_mensagens_agendadas");
            assertThat(line.path("category").asText()).isEqualTo("critico");
            assertThat(line.path("function_request_id").asText()).isEqualTo(run.answer().requestId());
        });
    }

    @Test
    void workerBatchFromTheJarRunsEachTenantAndLogsJsonWithTenantJobAndCategory() throws Exception {
        Run run = invoke("CriticoWorkerFunction", Files.readString(EVENTS.resolve("sqs-critico.json")));

        JsonNode response = Json.MAPPER.readTree(run.answer().body());
        assertThat(response.has("batchItemFailures")).as(run.answer().body()).isTrue();
        assertThat(response.path("batchItemFailures")).as(run.answer().body()).isEmpty();
        for (String tenant : List.of("tenant-01", "tenant-02")) {
            assertThat(run.infoLines()).as(tenant).anySatisfy(line -> {
                assertThat(line.path("message").asText()).startsWith("run processar_mensagens_agendadas at ");
                assertThat(line.path("tenant").asText()).isEqualTo(tenant);
                assertThat(line.path("job").asText()).isEqualTo("processar_mensagens_agendadas");
                assertThat(line.path("category").asText()).isEqualTo("critico");
                assertThat(line.path("service").asText()).isEqualTo("cadencia");
                assertThat(line.path("function_name").asText()).isEqualTo("CriticoWorkerFunction");
            });
        }
    }

    @Test
    void controlStatusFromTheJarAnswersAndLogsJson() throws Exception {
        Run run = invoke("ControlFunction", Files.readString(EVENTS.resolve("control-status.json")));

        JsonNode response = Json.MAPPER.readTree(run.answer().body());
        assertThat(response.path("jobs").findValuesAsText("job")).contains("processar_mensagens_agendadas");
        assertThat(response.path("queues").path("critico").has("waiting")).as(run.answer().body()).isTrue();
        assertThat(run.infoLines()).anySatisfy(line -> {
            assertThat(line.path("message").asText()).isEqualTo("control action status done");
            assertThat(line.has("category")).isTrue();
        });
    }

    /**
     * Started for SnapStart, Lambda's runtime calls the CRaC hooks around {@code restore/next}: the jar's hooks must
     * be registered where that runtime finds them (org.crac's compatibility layer) and still be there after the
     * collection it runs first. Priming runs the handler's request on the priming root (its lines carry
     * {@code priming}), the restore renews the instance id, and the invocation after it answers as usual.
     */
    @Test
    void startedForSnapStartTheJarPrimesBeforeTheSnapshotAndRestoresBeforeItsFirstRequest() throws Exception {
        Run run = invoke(LambdaProcess.function(env, "ControlFunction", taskRoot, LambdaProcess.SNAP_START),
                Files.readString(EVENTS.resolve("control-status.json")));

        assertThat(run.process().restoreAsked()).as("the runtime asked restore/next").isNotNull();
        assertThat(Json.MAPPER.readTree(run.answer().body()).path("jobs").findValuesAsText("job")).contains("processar_mensagens_agendadas");
        List<JsonNode> info = run.infoLines();
        assertThat(info).filteredOn(line -> line.path("message").asText().equals("control action status done"))
                .extracting(line -> line.path("priming").asText("")).containsExactly("true", "");
        assertThat(info).anySatisfy(line -> assertThat(line.path("message").asText()).startsWith("primed for the snapshot in "));
        assertThat(info).anySatisfy(line -> assertThat(line.path("message").asText()).startsWith("restored from the snapshot in "));
    }

    /**
     * The jar is tested on the Java that Lambda runs it on: the template's runtime ({@code javaNN}) is this JVM's
     * version (the runtime process above is started from it), and the jar's classes are compiled for it.
     */
    @Test
    void jarIsCompiledForAndTestedOnTheTemplatesJavaRuntime() throws IOException {
        String runtime = templateProperty("CriticoWorkerFunction", "Runtime");
        assertThat(runtime).startsWith("java");
        int feature = Integer.parseInt(runtime.substring("java".length()));

        assertThat(Runtime.version().feature()).as("the JDK running the tests (JAVA_HOME)").isEqualTo(feature);
        Path handler;
        try (var classes = Files.walk(taskRoot.resolve("io/cadencia"))) {
            handler = classes.filter(p -> p.getFileName().toString().equals("WorkerHandler.class")).findFirst().orElseThrow();
        }
        try (var in = new DataInputStream(Files.newInputStream(handler))) {
            in.readInt();
            in.readUnsignedShort();
            assertThat(in.readUnsignedShort()).as("class file major version of %s", handler).isEqualTo(44 + feature);
        }
    }

    /** One invocation's answer and everything the runtime process printed up to it. */
    record Run(LambdaProcess.Run process) {

        LambdaRuntimeApi.Answer answer() {
            return process.answer();
        }

        String stderr() {
            return process.stderr();
        }

        /** The JSON log lines at INFO; also checks that Log4j configured itself and nothing is logged as plain text. */
        List<JsonNode> infoLines() throws IOException {
            String stdout = process.stdout();
            String output = stdout + process.stderr();
            assertThat(output).as("Log4j could not configure itself:%n%s", output).doesNotContain("StatusLogger");
            List<JsonNode> info = new ArrayList<>();
            for (String line : stdout.split("\n")) {
                if (line.isBlank()) {
                    continue;
                }
                assertThat(line).as("every stdout line is JSON (a log line or an EMF record):%n%s", stdout).startsWith("{");
                JsonNode node = Json.MAPPER.readTree(line);
                if ("INFO".equals(node.path("level").asText())) {
                    info.add(node);
                }
            }
            assertThat(info).as("JSON log lines at INFO in:%n%s", output).isNotEmpty();
            return info;
        }
    }

    /** Starts the function's runtime process on the jar, invokes it once, and stops it. */
    static Run invoke(String logicalId, String event) throws Exception {
        return invoke(LambdaProcess.function(env, logicalId, taskRoot, LambdaProcess.ON_DEMAND), event);
    }

    static Run invoke(LambdaProcess.Launch launch, String event) throws Exception {
        Run run = new Run(LambdaProcess.invokeOnce(launch, event, timeout(launch.name()), work));
        assertThat(run.answer().error()).as("%s answered an error: %s%n%s", launch.name(), run.answer().body(), run.stderr()).isFalse();
        return run;
    }

    private static Duration timeout(String logicalId) {
        return Duration.ofSeconds(Long.parseLong(templateProperty(logicalId, "Timeout")));
    }

    private static String templateProperty(String logicalId, String... path) {
        return LambdaProcess.templateProperty(logicalId, path);
    }
}
