package io.cadencia.local;

import io.cadencia.aws.AwsCallRecorder;
import io.cadencia.aws.AwsClients;
import org.apache.pekko.actor.ActorRef;
import org.apache.pekko.actor.ActorSystem;
import org.apache.pekko.actor.Props;
import org.elasticmq.StrictSQSLimits$;
import org.elasticmq.actor.QueueManagerActor;
import org.elasticmq.rest.sqs.SQSRestServer;
import org.elasticmq.util.NowProvider;
import org.elasticmq.rest.sqs.SQSRestServerBuilder;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.dynamodb.services.local.embedded.DynamoDBEmbedded;
import software.amazon.dynamodb.services.local.main.ServerRunner;
import software.amazon.dynamodb.services.local.server.DynamoDBProxyServer;
import software.amazon.dynamodb.services.local.shared.access.AmazonDynamoDBLocal;
import scala.Option;
import scala.concurrent.Await;

import java.io.IOException;
import java.io.PrintStream;
import java.net.ServerSocket;
import java.net.URI;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;

/**
 * Real AWS-compatible engines in this JVM, reached by the real SDK clients: DynamoDB Local, ElasticMQ (SQS, FIFO
 * included), the Secrets Manager fake and the KMS fake. No Docker, no AWS account.
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
    private URI kmsEndpoint;
    private AwsClients clients;
    /** DynamoDB Local's in-process client, or null when it is reached over HTTP. */
    private DynamoDbClient inProcessDynamo;
    /** Clients built for one function each ({@link #recordedClients}), closed with the stack. */
    private final List<AwsClients> perFunction = new java.util.concurrent.CopyOnWriteArrayList<>();

    private EmbeddedAws() {
    }

    public static EmbeddedAws start(Clock clock) {
        return start(clock, DynamoMode.SERVER);
    }

    public static EmbeddedAws start(Clock clock, DynamoMode mode) {
        return start(clock, mode, false);
    }

    /**
     * @param sqsOnClock ElasticMQ keeps time on {@code clock} (when it is ahead of real time) instead of real time: for
     *                   a long simulation, whose clock only moves forward and whose handed-back messages the event
     *                   source releases within minutes. A test that jumps its clock days ahead would see messages held
     *                   in flight come back on their own (SQS holds a message at most 12 hours), so tests keep real time.
     */
    public static EmbeddedAws start(Clock clock, DynamoMode mode, boolean sqsOnClock) {
        System.setProperty("sun.net.httpserver.nodelay", "true");
        EmbeddedAws aws = new EmbeddedAws();
        if ("localstack".equals(System.getProperty("cadencia.backend"))) {
            aws.startLocalStack();
        } else {
            aws.startEngines(clock, mode, sqsOnClock);
        }
        return aws;
    }

    private void startEngines(Clock clock, DynamoMode mode, boolean sqsOnClock) {
        AmazonDynamoDBLocal inProcess = null;
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
        // On real time, a simulation that runs hours of schedules per real minute would keep every deduplication id
        // of the last five real minutes, and ElasticMQ copies that list on each send: quadratic in its speed.
        NowProvider time = sqsOnClock ? new ClockTime(clock) : new NowProvider();
        ActorSystem actors = ActorSystem.create("elasticmq");
        ActorRef queues = actors.actorOf(Props.create(QueueManagerActor.class,
                () -> new QueueManagerActor(time, StrictSQSLimits$.MODULE$, Option.empty())));
        SQSRestServer sqs = SQSRestServerBuilder.withActorSystem(actors).withQueueManagerActor(queues)
                .withInterface("127.0.0.1").withPort(sqsPort).withAWSRegion(REGION.id()).withAWSAccountId(LocalDeployment.ACCOUNT).start();
        sqs.waitUntilStarted();
        engines.add(() -> {
            sqs.stopAndWait();
            Await.result(actors.terminate(), scala.concurrent.duration.Duration.Inf());
        });
        sqsEndpoint = URI.create("http://127.0.0.1:" + sqsPort);
        SecretsManagerFake secrets = new SecretsManagerFake(clock);
        engines.add(secrets);
        secretsEndpoint = secrets.endpoint();
        KmsFake kms = new KmsFake(clock, REGION.id());
        engines.add(kms);
        kmsEndpoint = kms.endpoint();
        AwsClients wire = clientsFor(dynamoEndpoint == null ? sqsEndpoint : dynamoEndpoint, sqsEndpoint, secretsEndpoint,
                kmsEndpoint, visibilityRequests);
        eventSource = sqsClient(sqsEndpoint, List.of());
        inProcessDynamo = inProcess == null ? null : inProcess.dynamoDbClient();
        clients = inProcess == null ? wire : new AwsClients(inProcessDynamo, wire.sqs(), wire.secrets(), wire.kms());
    }

    /**
     * ElasticMQ's time in a simulation: the environment's clock, never going back and never behind real time, because
     * ElasticMQ stamps some things with real time and delivers no message whose time is earlier than those.
     */
    private static final class ClockTime extends NowProvider {
        private final Clock clock;
        private final AtomicLong latest = new AtomicLong();

        ClockTime(Clock clock) {
            this.clock = clock;
        }

        @Override
        public long nowMillis() {
            return latest.accumulateAndGet(Math.max(clock.millis(), System.currentTimeMillis()), Math::max);
        }

        @Override
        public OffsetDateTime now() {
            return OffsetDateTime.ofInstant(Instant.ofEpochMilli(nowMillis()), ZoneOffset.UTC);
        }
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
            kmsEndpoint = endpoint;
            clients = clientsFor(endpoint, endpoint, endpoint, endpoint, visibilityRequests);
            eventSource = sqsClient(endpoint, List.of());
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("cadencia.backend=localstack needs the Maven profile 'localstack' (mvn verify -Plocalstack)", e);
        }
    }

    private static final StaticCredentialsProvider CREDENTIALS = StaticCredentialsProvider.create(AwsBasicCredentials.create(ACCESS_KEY, "local"));

    /** Real SDK clients pointed at the given endpoints, with dummy credentials; the SQS client runs {@code sqsInterceptors}. */
    public static AwsClients clientsFor(URI dynamo, URI sqs, URI secrets, URI kms, ExecutionInterceptor... sqsInterceptors) {
        return clientsFor(dynamo, sqs, secrets, kms, List.of(), List.of(sqsInterceptors));
    }

    /** As above, every client also running {@code every} (after the SQS client's own). */
    private static AwsClients clientsFor(URI dynamo, URI sqs, URI secrets, URI kms, List<ExecutionInterceptor> every,
                                         List<ExecutionInterceptor> sqsInterceptors) {
        List<ExecutionInterceptor> onSqs = new ArrayList<>(sqsInterceptors);
        onSqs.addAll(every);
        return new AwsClients(
                DynamoDbClient.builder().endpointOverride(dynamo).region(REGION).credentialsProvider(CREDENTIALS)
                        .overrideConfiguration(c -> c.executionInterceptors(every))
                        .httpClientBuilder(UrlConnectionHttpClient.builder()).build(),
                sqsClient(sqs, onSqs),
                SecretsManagerClient.builder().endpointOverride(secrets).region(REGION).credentialsProvider(CREDENTIALS)
                        .overrideConfiguration(c -> c.executionInterceptors(every))
                        .httpClientBuilder(UrlConnectionHttpClient.builder()).build(),
                KmsClient.builder().endpointOverride(kms).region(REGION).credentialsProvider(CREDENTIALS)
                        .overrideConfiguration(c -> c.executionInterceptors(every))
                        .httpClientBuilder(UrlConnectionHttpClient.builder()).build());
    }

    private static SqsClient sqsClient(URI sqs, List<ExecutionInterceptor> interceptors) {
        // MD5 checks guard against corruption on the internet; on loopback they only cost CPU.
        return SqsClient.builder().endpointOverride(sqs).region(REGION).credentialsProvider(CREDENTIALS)
                .checksumValidationEnabled(false)
                .overrideConfiguration(c -> c.executionInterceptors(interceptors))
                .httpClientBuilder(UrlConnectionHttpClient.builder()).build();
    }

    /**
     * One function's own clients, like a Lambda container's: every call they make is recorded under {@code label}.
     * The SQS client keeps the stack's interceptors ({@link #visibilityRequests()}). DynamoDB Local's in-process
     * client runs no interceptors, so there it is wrapped by {@link RecordingDynamoClient} instead.
     */
    public AwsClients recordedClients(AwsCallRecorder recorder, String label) {
        AwsClients wire = clientsFor(dynamoEndpoint == null ? sqsEndpoint : dynamoEndpoint, sqsEndpoint, secretsEndpoint, kmsEndpoint,
                List.of(recorder.interceptor(label)), List.of(visibilityRequests));
        perFunction.add(wire);
        return inProcessDynamo == null ? wire
                : new AwsClients(RecordingDynamoClient.over(inProcessDynamo, recorder, label), wire.sqs(), wire.secrets(), wire.kms());
    }

    /** The clients the functions use. */
    public AwsClients clients() {
        return clients;
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

    public URI kmsEndpoint() {
        return kmsEndpoint;
    }

    private static void close(AwsClients clients) {
        clients.dynamo().close();
        clients.sqs().close();
        clients.secrets().close();
        clients.kms().close();
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
        perFunction.forEach(EmbeddedAws::close);
        close(clients);
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
