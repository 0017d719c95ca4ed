package io.cadencia.local;

import io.cadencia.aws.AwsCallRecorder;
import io.cadencia.aws.AwsClients;
import org.elasticmq.rest.sqs.SQSRestServer;
import org.elasticmq.rest.sqs.SQSRestServerBuilder;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClientBuilder;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClientBuilder;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.dynamodb.services.local.embedded.DynamoDBEmbedded;
import software.amazon.dynamodb.services.local.main.ServerRunner;
import software.amazon.dynamodb.services.local.server.DynamoDBProxyServer;
import software.amazon.dynamodb.services.local.shared.access.AmazonDynamoDBLocal;

import java.io.IOException;
import java.io.PrintStream;
import java.net.ServerSocket;
import java.net.URI;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * Real AWS-compatible engines in this JVM, reached by the real SDK clients: DynamoDB Local, ElasticMQ (SQS, FIFO
 * included) and the Secrets Manager fake. No Docker, no AWS account.
 *
 * <p>With the system property {@code cadencia.backend=localstack} (Maven profile {@code localstack}) the same
 * clients point at a LocalStack container instead, started by {@code io.cadencia.local.LocalStackBackend}.
 */
public final class EmbeddedAws implements AutoCloseable {

    public static final Region REGION = Region.US_EAST_1;
    /**
     * The access key of every client of the stack. DynamoDB Local keeps one database per access key and region, so
     * another client sees these tables only with this key and {@link #REGION}; no engine checks the secret.
     */
    public static final String ACCESS_KEY = "local";

    /**
     * How DynamoDB Local is reached. {@code SERVER} goes over HTTP like the real service (tests and {@code serve});
     * {@code IN_PROCESS} calls the same engine directly, about four times faster, for long simulations.
     */
    public enum DynamoMode { SERVER, IN_PROCESS }

    private final List<AutoCloseable> engines = new ArrayList<>();
    private final VisibilityRequests visibilityRequests = new VisibilityRequests();
    private SqsClient eventSource;
    private URI dynamoEndpoint;
    private URI sqsEndpoint;
    private URI secretsEndpoint;
    private AwsClients clients;
    private AmazonDynamoDBLocal inProcess;
    private final Optional<AwsCallRecorder> recorder;
    private final Map<String, AwsClients> recordedClients = new ConcurrentHashMap<>();

    private EmbeddedAws(Optional<AwsCallRecorder> recorder) {
        this.recorder = recorder;
    }

    public static EmbeddedAws start(Clock clock) {
        return start(clock, DynamoMode.SERVER);
    }

    public static EmbeddedAws start(Clock clock, DynamoMode mode) {
        return start(clock, mode, Optional.empty());
    }

    /** @param recorder when present, every client of the stack records its calls there ({@link #clients(String)}) */
    public static EmbeddedAws start(Clock clock, DynamoMode mode, Optional<AwsCallRecorder> recorder) {
        System.setProperty("sun.net.httpserver.nodelay", "true");
        EmbeddedAws aws = new EmbeddedAws(recorder);
        if ("localstack".equals(System.getProperty("cadencia.backend"))) {
            aws.startLocalStack();
        } else {
            aws.startEngines(clock, mode);
        }
        return aws;
    }

    private void startEngines(Clock clock, DynamoMode mode) {
        if (mode == DynamoMode.SERVER) {
            int port = freePort();
            // DynamoDB Local prints its banner on stdout, which must stay clean for `./cadencia invoke` output.
            PrintStream stdout = System.out;
            System.setOut(System.err);
            try {
                DynamoDBProxyServer server = ServerRunner.createServerFromCommandLineArgs(
                        new String[]{"-inMemory", "-port", Integer.toString(port), "-disableTelemetry"});
                server.start();
                engines.add(server::stop);
            } catch (Exception e) {
                throw new IllegalStateException("DynamoDB Local did not start on port " + port, e);
            } finally {
                System.setOut(stdout);
            }
            dynamoEndpoint = URI.create("http://127.0.0.1:" + port);
        } else {
            inProcess = DynamoDBEmbedded.create(true);
            engines.add(inProcess::shutdown);
        }
        int sqsPort = freePort();
        SQSRestServer sqs = SQSRestServerBuilder.withInterface("127.0.0.1").withPort(sqsPort)
                .withAWSRegion(REGION.id()).withAWSAccountId("000000000000").start();
        sqs.waitUntilStarted();
        engines.add(sqs::stopAndWait);
        sqsEndpoint = URI.create("http://127.0.0.1:" + sqsPort);
        SecretsManagerFake secrets = new SecretsManagerFake(clock);
        engines.add(secrets);
        secretsEndpoint = secrets.endpoint();
        eventSource = sqsClient(sqsEndpoint);
        clients = build(recorder);
    }

    /** The functions' clients, recording into {@code into} when present. */
    private AwsClients build(Optional<AwsCallRecorder> into) {
        List<ExecutionInterceptor> interceptors = new ArrayList<>(List.of(visibilityRequests));
        into.ifPresent(interceptors::add);
        AwsClients wire = clientsFor(dynamoEndpoint == null ? sqsEndpoint : dynamoEndpoint, sqsEndpoint, secretsEndpoint,
                into, interceptors.toArray(ExecutionInterceptor[]::new));
        if (inProcess == null) {
            return wire;
        }
        DynamoDbClient dynamo = inProcess.dynamoDbClient();
        return new AwsClients(into.map(r -> RecordingDynamoDb.wrap(dynamo, r)).orElse(dynamo), wire.sqs(), wire.secrets());
    }

    @SuppressWarnings("unchecked")
    private void startLocalStack() {
        try {
            Class<?> backend = Class.forName("io.cadencia.local.LocalStackBackend");
            Function<List<AutoCloseable>, URI> start = (Function<List<AutoCloseable>, URI>) backend.getConstructor().newInstance();
            URI endpoint = start.apply(engines);
            dynamoEndpoint = endpoint;
            sqsEndpoint = endpoint;
            secretsEndpoint = endpoint;
            clients = build(recorder);
            eventSource = sqsClient(endpoint);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("cadencia.backend=localstack needs the Maven profile 'localstack' (mvn verify -Plocalstack)", e);
        }
    }

    private static final StaticCredentialsProvider CREDENTIALS = StaticCredentialsProvider.create(AwsBasicCredentials.create(ACCESS_KEY, "local"));

    /**
     * Real SDK clients pointed at the given endpoints, with dummy credentials; the SQS client runs {@code sqsInterceptors},
     * and the other two record into {@code recorder} when present.
     */
    public static AwsClients clientsFor(URI dynamo, URI sqs, URI secrets, Optional<AwsCallRecorder> recorder,
                                        ExecutionInterceptor... sqsInterceptors) {
        DynamoDbClientBuilder dynamoClient = DynamoDbClient.builder().endpointOverride(dynamo).region(REGION).credentialsProvider(CREDENTIALS)
                .httpClientBuilder(UrlConnectionHttpClient.builder());
        SecretsManagerClientBuilder secretsClient = SecretsManagerClient.builder().endpointOverride(secrets).region(REGION)
                .credentialsProvider(CREDENTIALS).httpClientBuilder(UrlConnectionHttpClient.builder());
        return new AwsClients(recorder.map(r -> r.attachTo(dynamoClient)).orElse(dynamoClient).build(), sqsClient(sqs, sqsInterceptors),
                recorder.map(r -> r.attachTo(secretsClient)).orElse(secretsClient).build());
    }

    private static SqsClient sqsClient(URI sqs, ExecutionInterceptor... interceptors) {
        // MD5 checks guard against corruption on the internet; on loopback they only cost CPU.
        return SqsClient.builder().endpointOverride(sqs).region(REGION).credentialsProvider(CREDENTIALS)
                .checksumValidationEnabled(false)
                .overrideConfiguration(c -> c.executionInterceptors(List.of(interceptors)))
                .httpClientBuilder(UrlConnectionHttpClient.builder()).build();
    }

    /** The clients the functions use; when recording, their calls name no function. */
    public AwsClients clients() {
        return clients;
    }

    /** The clients of one function: when recording, their own, whose calls name {@code function}; else the shared ones. */
    public AwsClients clients(String function) {
        return recorder.map(r -> recordedClients.computeIfAbsent(function, f -> build(Optional.of(r.forFunction(f))))).orElse(clients);
    }

    public Optional<AwsCallRecorder> recorder() {
        return recorder;
    }

    /**
     * The local event source's own SQS client: its receives, deletes and visibility changes are not the functions'
     * calls, so they stay out of {@link #visibilityRequests()}.
     */
    public SqsClient eventSource() {
        return eventSource;
    }

    /** The visibility timeouts the functions asked for. */
    public VisibilityRequests visibilityRequests() {
        return visibilityRequests;
    }

    /** The DynamoDB endpoint, or null when DynamoDB Local runs in-process. */
    public URI dynamoEndpoint() {
        return dynamoEndpoint;
    }

    public URI sqsEndpoint() {
        return sqsEndpoint;
    }

    public URI secretsEndpoint() {
        return secretsEndpoint;
    }

    private static void closeClients(AwsClients clients) {
        clients.dynamo().close();
        clients.sqs().close();
        clients.secrets().close();
    }

    static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            socket.setReuseAddress(true);
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException("no free port", e);
        }
    }

    @Override
    public void close() {
        recordedClients.values().forEach(EmbeddedAws::closeClients);
        closeClients(clients);
        eventSource.close();
        RuntimeException failure = null;
        for (int i = engines.size() - 1; i >= 0; i--) {
            try {
                engines.get(i).close();
            } catch (Exception e) {
                failure = failure == null ? new IllegalStateException("an embedded engine did not stop", e) : failure;
            }
        }
        if (failure != null) {
            throw failure;
        }
    }
}
