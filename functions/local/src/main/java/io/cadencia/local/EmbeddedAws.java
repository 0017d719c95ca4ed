package io.cadencia.local;

import io.cadencia.aws.AwsClients;
import org.elasticmq.rest.sqs.SQSRestServer;
import org.elasticmq.rest.sqs.SQSRestServerBuilder;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.dynamodb.services.local.embedded.DynamoDBEmbedded;
import software.amazon.dynamodb.services.local.main.ServerRunner;
import software.amazon.dynamodb.services.local.shared.access.AmazonDynamoDBLocal;
import software.amazon.dynamodb.services.local.server.DynamoDBProxyServer;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.time.Clock;

/**
 * Real AWS-compatible engines in this JVM, reached over HTTP by the real SDK clients: DynamoDB Local, ElasticMQ
 * (SQS, FIFO included) and the Secrets Manager fake. No Docker, no AWS account.
 */
public final class EmbeddedAws implements AutoCloseable {

    public static final Region REGION = Region.US_EAST_1;

    /**
     * How DynamoDB Local is reached. {@code SERVER} goes over HTTP like the real service (tests and {@code serve});
     * {@code IN_PROCESS} calls the same engine directly, about four times faster, for long simulations.
     */
    public enum DynamoMode { SERVER, IN_PROCESS }

    private final DynamoDBProxyServer dynamoServer;
    private final AmazonDynamoDBLocal dynamoInProcess;
    private final SQSRestServer sqsServer;
    private final SecretsManagerFake secretsServer;
    private final URI dynamoEndpoint;
    private final URI sqsEndpoint;
    private final AwsClients clients;

    private EmbeddedAws(Clock clock, DynamoMode mode) {
        System.setProperty("sun.net.httpserver.nodelay", "true");
        if (mode == DynamoMode.SERVER) {
            int dynamoPort = freePort();
            // DynamoDB Local prints its banner on stdout, which must stay clean for `./cadencia invoke` output.
            java.io.PrintStream stdout = System.out;
            System.setOut(System.err);
            try {
                dynamoServer = ServerRunner.createServerFromCommandLineArgs(
                        new String[]{"-inMemory", "-port", Integer.toString(dynamoPort), "-disableTelemetry"});
                dynamoServer.start();
            } catch (Exception e) {
                throw new IllegalStateException("DynamoDB Local did not start on port " + dynamoPort, e);
            } finally {
                System.setOut(stdout);
            }
            dynamoEndpoint = URI.create("http://127.0.0.1:" + dynamoPort);
            dynamoInProcess = null;
        } else {
            dynamoServer = null;
            dynamoEndpoint = null;
            dynamoInProcess = DynamoDBEmbedded.create(true);
        }
        int sqsPort = freePort();
        sqsServer = SQSRestServerBuilder.withInterface("127.0.0.1").withPort(sqsPort)
                .withAWSRegion(REGION.id()).withAWSAccountId("000000000000").start();
        sqsServer.waitUntilStarted();
        sqsEndpoint = URI.create("http://127.0.0.1:" + sqsPort);
        secretsServer = new SecretsManagerFake(clock);
        AwsClients wire = clientsFor(dynamoEndpoint == null ? sqsEndpoint : dynamoEndpoint, sqsEndpoint, secretsServer.endpoint());
        clients = dynamoInProcess == null ? wire : new AwsClients(dynamoInProcess.dynamoDbClient(), wire.sqs(), wire.secrets());
    }

    public static EmbeddedAws start(Clock clock) {
        return new EmbeddedAws(clock, DynamoMode.SERVER);
    }

    public static EmbeddedAws start(Clock clock, DynamoMode mode) {
        return new EmbeddedAws(clock, mode);
    }

    /** Real SDK clients pointed at the given endpoints, with dummy credentials. */
    public static AwsClients clientsFor(URI dynamo, URI sqs, URI secrets) {
        var credentials = StaticCredentialsProvider.create(AwsBasicCredentials.create("local", "local"));
        return new AwsClients(
                DynamoDbClient.builder().endpointOverride(dynamo).region(REGION).credentialsProvider(credentials)
                        .httpClientBuilder(UrlConnectionHttpClient.builder()).build(),
                SqsClient.builder().endpointOverride(sqs).region(REGION).credentialsProvider(credentials)
                        .httpClientBuilder(UrlConnectionHttpClient.builder()).build(),
                SecretsManagerClient.builder().endpointOverride(secrets).region(REGION).credentialsProvider(credentials)
                        .httpClientBuilder(UrlConnectionHttpClient.builder()).build());
    }

    public AwsClients clients() {
        return clients;
    }

    /** The DynamoDB endpoint, or null when DynamoDB Local runs in-process. */
    public URI dynamoEndpoint() {
        return dynamoEndpoint;
    }

    public URI sqsEndpoint() {
        return sqsEndpoint;
    }

    public URI secretsEndpoint() {
        return secretsServer.endpoint();
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
        clients.dynamo().close();
        clients.sqs().close();
        clients.secrets().close();
        secretsServer.close();
        sqsServer.stopAndWait();
        if (dynamoInProcess != null) {
            dynamoInProcess.shutdown();
            return;
        }
        try {
            dynamoServer.stop();
        } catch (Exception e) {
            throw new IllegalStateException("DynamoDB Local did not stop", e);
        }
    }
}
