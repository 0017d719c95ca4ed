package io.cadencia.local;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

/**
 * A function run as Lambda's managed java runtime runs it: its code in a task root, loaded by the AWS Lambda Java
 * runtime interface client (the runtime of the managed java runtimes) in a fresh JVM whose classpath holds only that
 * runtime, polling a {@link LambdaRuntimeApi}, with the function's environment from template.yaml and the SDK pointed
 * at the embedded engines through the standard {@code AWS_ENDPOINT_URL_*} variables an operator could set too.
 * Used by ShadedJarIT and by {@code bench coldstart}.
 */
final class LambdaProcess {

    static final String RUNTIME_MAIN = "com.amazonaws.services.lambda.runtime.api.client.AWSLambda";
    /** The runtime interface client and its dependencies, copied by the build (never on the runner's classpath). */
    static final Path RUNTIME = target().resolve("lambda-runtime");
    static final String ON_DEMAND = "on-demand";
    static final String SNAP_START = "snap-start";

    /**
     * How one runtime process starts.
     *
     * @param name       names its output files
     * @param jvmOptions options before the runtime's main class (the bench's AOT cache)
     * @param classpath  entries after the runtime's own jars
     */
    record Launch(String name, Path taskRoot, String handler, Map<String, String> variables, List<String> jvmOptions,
                  List<String> classpath) {

        Launch with(List<String> moreOptions, List<String> moreClasspath) {
            List<String> options = new ArrayList<>(jvmOptions);
            options.addAll(moreOptions);
            List<String> entries = new ArrayList<>(classpath);
            entries.addAll(moreClasspath);
            return new Launch(name, taskRoot, handler, variables, options, entries);
        }
    }

    /**
     * One invocation of a fresh runtime process: its answer, what the process printed up to it, and when (nanoTime)
     * it was started, asked {@code restore/next} (SnapStart only, else null) and first polled for work.
     */
    record Run(LambdaRuntimeApi.Answer answer, String stdout, String stderr, long started, Long restoreAsked, long firstPoll) {
    }

    private LambdaProcess() {
    }

    /** This module's build directory, found from where its classes are (target/classes), whatever the working directory. */
    static Path target() {
        try {
            return Path.of(LambdaProcess.class.getProtectionDomain().getCodeSource().getLocation().toURI()).getParent();
        } catch (java.net.URISyntaxException e) {
            throw new IllegalStateException("cannot locate the runner's classes", e);
        }
    }

    /**
     * The function of template.yaml {@code logicalId} with its code in {@code taskRoot}: its handler, and its variables
     * plus what Lambda itself sets ({@code initializationType}: {@link #ON_DEMAND} or {@link #SNAP_START}).
     */
    static Launch function(LocalEnvironment env, String logicalId, Path taskRoot, String initializationType) {
        LocalDeployment.LocalFunction function = env.deployment().function(logicalId);
        Map<String, String> variables = new LinkedHashMap<>(function.environment());
        // The local runner drops the JVM options (they are not the application's settings); Lambda passes them.
        variables.put("JAVA_TOOL_OPTIONS", templateProperty(logicalId, "Environment", "Variables", "JAVA_TOOL_OPTIONS"));
        variables.put("AWS_LAMBDA_INITIALIZATION_TYPE", initializationType);
        variables.put("AWS_EXECUTION_ENV", "AWS_Lambda_" + templateProperty(logicalId, "Runtime"));
        variables.put("AWS_LAMBDA_FUNCTION_NAME", logicalId);
        variables.put("AWS_ENDPOINT_URL_DYNAMODB", env.aws().dynamoEndpoint().toString());
        variables.put("AWS_ENDPOINT_URL_SQS", env.aws().sqsEndpoint().toString());
        variables.put("AWS_ENDPOINT_URL_SECRETS_MANAGER", env.aws().secretsEndpoint().toString());
        variables.put("AWS_ENDPOINT_URL_KMS", env.aws().kmsEndpoint().toString());
        return new Launch(logicalId, taskRoot, function.handler(), variables, List.of(), List.of());
    }

    /** Starts {@code launch}'s process, invokes it once with {@code event}, and kills it; fails on an init error or after 90 s. */
    static Run invokeOnce(Launch launch, String event, Duration timeout, Path outputs) throws IOException, InterruptedException {
        return run(launch, event, timeout, outputs, false);
    }

    /**
     * The same, but the process is then asked to stop (SIGTERM) and waited for, exiting as a JVM does on that signal:
     * what the JVM writes at exit (an AOT cache) gets written.
     */
    static Run invokeAndStop(Launch launch, String event, Duration timeout, Path outputs) throws IOException, InterruptedException {
        return run(launch, event, timeout, outputs, true);
    }

    private static Run run(Launch launch, String event, Duration timeout, Path outputs, boolean stop) throws IOException, InterruptedException {
        Path stdout = outputs.resolve(launch.name() + ".out");
        Path stderr = outputs.resolve(launch.name() + ".err");
        try (LambdaRuntimeApi api = new LambdaRuntimeApi()) {
            ProcessBuilder builder = new ProcessBuilder(javaCommand(launch))
                    .directory(launch.taskRoot().toFile())
                    .redirectOutput(stdout.toFile())
                    .redirectError(stderr.toFile());
            builder.environment().clear();
            builder.environment().putAll(environment(launch, api.address()));
            long started = System.nanoTime();
            Process process = builder.start();
            try {
                CompletableFuture<LambdaRuntimeApi.Answer> answer = api.invoke(event, timeout,
                        "arn:aws:lambda:" + EmbeddedAws.REGION.id() + ":000000000000:function:" + launch.name());
                LambdaRuntimeApi.Answer result = await(answer, api, process, stdout, stderr);
                if (stop) {
                    process.destroy();
                    if (!process.waitFor(120, TimeUnit.SECONDS)) {
                        throw new IllegalStateException(launch.name() + " did not exit within 120 s of SIGTERM");
                    }
                }
                // The log lines of an invocation are written before its response is posted.
                return new Run(result, Files.readString(stdout), Files.readString(stderr), started,
                        api.restoreAsked().getNow(null), api.firstPoll().join());
            } finally {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        }
    }

    private static LambdaRuntimeApi.Answer await(CompletableFuture<LambdaRuntimeApi.Answer> answer, LambdaRuntimeApi api,
                                                 Process process, Path stdout, Path stderr) throws IOException, InterruptedException {
        long giveUp = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
        while (System.nanoTime() < giveUp) {
            if (answer.isDone()) {
                return answer.join();
            }
            if (api.initError().isDone() || !process.isAlive()) {
                throw new IllegalStateException("the function did not start: " + api.initError().getNow("(exited " + exitCode(process) + ")")
                        + "\nstdout:\n" + Files.readString(stdout) + "\nstderr:\n" + Files.readString(stderr));
            }
            Thread.sleep(5);
        }
        throw new IllegalStateException("no answer within 90 s\nstdout:\n" + Files.readString(stdout) + "\nstderr:\n" + Files.readString(stderr));
    }

    private static String exitCode(Process process) {
        return process.isAlive() ? "still running" : Integer.toString(process.exitValue());
    }

    /**
     * As the managed java runtime starts: the runtime interface client with its own dependencies on the classpath
     * (the task root is read by its own class loader), the task root as working directory, and the JVM options the
     * managed runtime passes (as its java17 command line shows them: serial GC, C1 only, the CRaC hooks reaching
     * Lambda's implementation through {@code org.crac.Core.Compat}).
     */
    static List<String> javaCommand(Launch launch) throws IOException {
        List<String> classpath = new ArrayList<>(runtimeJars());
        classpath.addAll(launch.classpath());
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-XX:+UseSerialGC", "-XX:+TieredCompilation", "-XX:TieredStopAtLevel=1", "-Djava.net.preferIPv4Stack=true",
                "-Dorg.crac.Core.Compat=com.amazonaws.services.lambda.crac"));
        // The JDK's class-data archive, as the managed runtime uses its own; an AOT cache takes its place (the JVM
        // refuses -Xshare beside one).
        if (launch.jvmOptions().stream().noneMatch(option -> option.startsWith("-XX:AOTCache"))) {
            command.add("-Xshare:auto");
        }
        command.addAll(launch.jvmOptions());
        command.addAll(List.of("-cp", String.join(File.pathSeparator, classpath), RUNTIME_MAIN, launch.handler()));
        return command;
    }

    /** The runtime interface client's four jars (itself, serialization, lambda-java-core, utils-lite). */
    static List<String> runtimeJars() throws IOException {
        if (!Files.isDirectory(RUNTIME)) {
            throw new IllegalStateException("no Lambda runtime client in " + RUNTIME.toAbsolutePath() + "; build with `mvn -B package` from the root");
        }
        List<String> jars;
        try (var files = Files.list(RUNTIME)) {
            jars = files.filter(p -> p.toString().endsWith(".jar")).map(Path::toString).sorted().toList();
        }
        if (jars.size() != 4) {
            throw new IllegalStateException("expected the Lambda runtime client's 4 jars in " + RUNTIME + ", found " + jars);
        }
        return jars;
    }

    /** The launch's variables plus what every Lambda container gets. */
    private static Map<String, String> environment(Launch launch, String runtimeApi) {
        Map<String, String> variables = new LinkedHashMap<>();
        variables.put("_HANDLER", launch.handler());
        variables.put("AWS_LAMBDA_RUNTIME_API", runtimeApi);
        variables.put("LAMBDA_TASK_ROOT", launch.taskRoot().toString());
        variables.put("AWS_LAMBDA_INITIALIZATION_TYPE", ON_DEMAND);
        variables.put("AWS_LAMBDA_FUNCTION_NAME", launch.name());
        variables.put("AWS_LAMBDA_FUNCTION_VERSION", "$LATEST");
        variables.put("AWS_LAMBDA_FUNCTION_MEMORY_SIZE", "1024");
        variables.put("AWS_LAMBDA_LOG_GROUP_NAME", "/aws/lambda/" + launch.name());
        variables.put("AWS_LAMBDA_LOG_STREAM_NAME", "2026/11/24/[$LATEST]0000000000000000");
        variables.put("AWS_REGION", EmbeddedAws.REGION.id());
        variables.put("AWS_DEFAULT_REGION", EmbeddedAws.REGION.id());
        variables.put("AWS_ACCESS_KEY_ID", EmbeddedAws.ACCESS_KEY);
        variables.put("AWS_SECRET_ACCESS_KEY", "local");
        variables.put("AWS_SESSION_TOKEN", "local");
        variables.put("TZ", ":UTC");
        variables.put("LANG", "en_US.UTF-8");
        variables.put("PATH", "/usr/local/bin:/usr/bin:/bin");
        variables.putAll(launch.variables());
        return variables;
    }

    /** A function property from template.yaml (its own, else the Globals'), by path. */
    @SuppressWarnings("unchecked")
    static String templateProperty(String logicalId, String... path) {
        Map<String, Object> template = LocalDeployment.packagedTemplate();
        Object own = ((Map<String, Object>) ((Map<String, Object>) template.get("Resources")).get(logicalId)).get("Properties");
        Object global = ((Map<String, Object>) template.get("Globals")).get("Function");
        for (String key : path) {
            own = own instanceof Map<?, ?> m ? m.get(key) : null;
            global = global instanceof Map<?, ?> m ? m.get(key) : null;
        }
        Object value = own != null ? own : global;
        if (value == null) {
            throw new IllegalArgumentException(String.join(".", path) + " of " + logicalId + " is not in template.yaml");
        }
        return value.toString();
    }

    /** Lambda unpacks a jar deployment package into the task root. */
    static void extract(Path jar, Path into) throws IOException {
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
