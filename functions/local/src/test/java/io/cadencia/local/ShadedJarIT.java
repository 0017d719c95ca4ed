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
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

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
    /** The runtime interface client and its dependencies, copied by the build; not on this JVM's classpath. */
    static final Path RUNTIME = Path.of(System.getProperty("cadencia.lambdaRuntime", "target/lambda-runtime"));
    static final String RUNTIME_MAIN = "com.amazonaws.services.lambda.runtime.api.client.AWSLambda";
    static final Path EVENTS = Path.of("../../events");

    @TempDir
    static Path work;
    static LocalEnvironment env;
    static Path taskRoot;

    @BeforeAll
    static void start() throws IOException {
        assertThat(JAR).as("the shaded Lambda jar; build it with `mvn -B verify` from the repository root").isRegularFile();
        taskRoot = work.resolve("task");
        extract(JAR, taskRoot);
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
    record Run(LambdaRuntimeApi.Answer answer, String stdout, String stderr) {

        /** The JSON log lines at INFO; also checks that Log4j configured itself and nothing is logged as plain text. */
        List<JsonNode> infoLines() throws IOException {
            String output = stdout + stderr;
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
            assertThat(info).as("JSON log lines at INFO in:%n%s%s", stdout, stderr).isNotEmpty();
            return info;
        }
    }

    /** Starts the function's runtime process on the jar, invokes it once, and stops it. */
    static Run invoke(String logicalId, String event) throws Exception {
        LocalDeployment.LocalFunction function = env.deployment().function(logicalId);
        Path stdout = work.resolve(logicalId + ".out");
        Path stderr = work.resolve(logicalId + ".err");
        try (LambdaRuntimeApi api = new LambdaRuntimeApi()) {
            ProcessBuilder builder = new ProcessBuilder(javaCommand(function.handler()))
                    .directory(taskRoot.toFile())
                    .redirectOutput(stdout.toFile())
                    .redirectError(stderr.toFile());
            builder.environment().clear();
            builder.environment().putAll(lambdaEnvironment(function, api.address()));
            Process process = builder.start();
            try {
                CompletableFuture<LambdaRuntimeApi.Answer> answer = api.invoke(event, timeout(logicalId),
                        "arn:aws:lambda:" + EmbeddedAws.REGION.id() + ":000000000000:function:" + logicalId);
                LambdaRuntimeApi.Answer result = await(answer, api, process, stdout, stderr);
                assertThat(result.error()).as("%s answered an error: %s%n%s", logicalId, result.body(), Files.readString(stderr)).isFalse();
                // The log lines of an invocation are written before its response is posted.
                return new Run(result, Files.readString(stdout), Files.readString(stderr));
            } finally {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        }
    }

    private static LambdaRuntimeApi.Answer await(CompletableFuture<LambdaRuntimeApi.Answer> answer, LambdaRuntimeApi api,
                                                 Process process, Path stdout, Path stderr) throws Exception {
        long giveUp = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
        while (System.nanoTime() < giveUp) {
            if (answer.isDone()) {
                return answer.get();
            }
            if (api.initError().isDone() || !process.isAlive()) {
                throw new AssertionError("the function did not start: " + api.initError().getNow("(exited " + exitCode(process) + ")")
                        + "\nstdout:\n" + Files.readString(stdout) + "\nstderr:\n" + Files.readString(stderr));
            }
            Thread.sleep(50);
        }
        throw new AssertionError("no answer within 90 s\nstdout:\n" + Files.readString(stdout) + "\nstderr:\n" + Files.readString(stderr));
    }

    private static String exitCode(Process process) {
        return process.isAlive() ? "still running" : Integer.toString(process.exitValue());
    }

    /**
     * As the managed java runtime starts: the runtime interface client with its own dependencies on the
     * classpath, the task root as working directory (its class loader reads the function's code from there).
     */
    private static List<String> javaCommand(String handler) throws IOException {
        List<String> runtime;
        try (var jars = Files.list(RUNTIME)) {
            runtime = jars.filter(p -> p.toString().endsWith(".jar")).map(Path::toString).sorted().toList();
        }
        assertThat(runtime).as("the Lambda runtime client jars in %s (copied in pre-integration-test)", RUNTIME).hasSize(4);
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        return List.of(java.toString(), "-XX:+UseSerialGC", "-Xshare:auto", "-Djava.net.preferIPv4Stack=true",
                "-cp", String.join(File.pathSeparator, runtime), RUNTIME_MAIN, handler);
    }

    /** The function's variables from template.yaml, plus what Lambda itself sets. */
    private static Map<String, String> lambdaEnvironment(LocalDeployment.LocalFunction function, String runtimeApi) {
        Map<String, String> variables = new LinkedHashMap<>(function.environment());
        // The local runner drops the JVM options (they are not the application's settings); Lambda passes them.
        variables.put("JAVA_TOOL_OPTIONS", templateProperty(function.logicalId(), "Environment", "Variables", "JAVA_TOOL_OPTIONS"));
        variables.put("_HANDLER", function.handler());
        variables.put("AWS_LAMBDA_RUNTIME_API", runtimeApi);
        variables.put("LAMBDA_TASK_ROOT", taskRoot.toString());
        variables.put("AWS_EXECUTION_ENV", "AWS_Lambda_" + templateProperty(function.logicalId(), "Runtime"));
        variables.put("AWS_LAMBDA_INITIALIZATION_TYPE", "on-demand");
        variables.put("AWS_LAMBDA_FUNCTION_NAME", function.logicalId());
        variables.put("AWS_LAMBDA_FUNCTION_VERSION", "$LATEST");
        variables.put("AWS_LAMBDA_FUNCTION_MEMORY_SIZE", "1024");
        variables.put("AWS_LAMBDA_LOG_GROUP_NAME", "/aws/lambda/" + function.logicalId());
        variables.put("AWS_LAMBDA_LOG_STREAM_NAME", "2026/11/24/[$LATEST]0000000000000000");
        variables.put("AWS_REGION", EmbeddedAws.REGION.id());
        variables.put("AWS_DEFAULT_REGION", EmbeddedAws.REGION.id());
        variables.put("AWS_ACCESS_KEY_ID", EmbeddedAws.ACCESS_KEY);
        variables.put("AWS_SECRET_ACCESS_KEY", "local");
        variables.put("AWS_SESSION_TOKEN", "local");
        variables.put("AWS_ENDPOINT_URL_DYNAMODB", env.aws().dynamoEndpoint().toString());
        variables.put("AWS_ENDPOINT_URL_SQS", env.aws().sqsEndpoint().toString());
        variables.put("AWS_ENDPOINT_URL_SECRETS_MANAGER", env.aws().secretsEndpoint().toString());
        variables.put("AWS_ENDPOINT_URL_KMS", env.aws().kmsEndpoint().toString());
        variables.put("TZ", ":UTC");
        variables.put("LANG", "en_US.UTF-8");
        variables.put("PATH", "/usr/local/bin:/usr/bin:/bin");
        return variables;
    }

    private static Duration timeout(String logicalId) {
        return Duration.ofSeconds(Long.parseLong(templateProperty(logicalId, "Timeout")));
    }

    /** A function property from template.yaml (its own, else the Globals'), by path. */
    @SuppressWarnings("unchecked")
    private static String templateProperty(String logicalId, String... path) {
        Map<String, Object> template = LocalDeployment.packagedTemplate();
        Object own = ((Map<String, Object>) ((Map<String, Object>) template.get("Resources")).get(logicalId)).get("Properties");
        Object global = ((Map<String, Object>) template.get("Globals")).get("Function");
        for (String key : path) {
            own = own instanceof Map<?, ?> m ? m.get(key) : null;
            global = global instanceof Map<?, ?> m ? m.get(key) : null;
        }
        Object value = own != null ? own : global;
        assertThat(value).as("%s of %s in template.yaml", String.join(".", path), logicalId).isNotNull();
        return value.toString();
    }

    /** Lambda unpacks a jar deployment package into the task root. */
    private static void extract(Path jar, Path into) throws IOException {
        Files.createDirectories(into);
        try (InputStream in = Files.newInputStream(jar); ZipInputStream zip = new ZipInputStream(in)) {
            for (ZipEntry entry; (entry = zip.getNextEntry()) != null; ) {
                Path target = into.resolve(entry.getName()).normalize();
                if (!target.startsWith(into)) {
                    throw new IOException("jar entry outside the task root: " + entry.getName());
                }
                if (entry.isDirectory()) {
                    Files.createDirectories(target);
                } else {
                    Files.createDirectories(target.getParent());
                    Files.copy(zip, target);
                }
            }
        }
    }
}
