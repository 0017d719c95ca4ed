package io.cadencia.app;

import io.cadencia.aws.AwsClients;
import io.cadencia.aws.Json;
import io.cadencia.tenant.TenantId;
import io.cadencia.tenant.TenantsTable;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.AwsServiceClientConfiguration;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.awscore.client.builder.AwsSyncClientBuilder;
import software.amazon.awssdk.core.SdkServiceClientConfiguration;
import software.amazon.awssdk.http.AbortableInputStream;
import software.amazon.awssdk.http.ExecutableHttpRequest;
import software.amazon.awssdk.http.HttpExecuteRequest;
import software.amazon.awssdk.http.HttpExecuteResponse;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.SdkHttpResponse;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.sqs.SqsClient;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * Priming for SnapStart: work done once before the snapshot so that a restored container's first request does not
 * pay for class loading, linking and cold code.
 *
 * <p>Two kinds. The request paths (each handler's {@code prime}) run on a {@link Cadencia#primingRoot() priming root}
 * whose AWS clients answer every call in the JVM with an empty success ({@link #offlineClients}): the SDK's whole
 * pipeline runs (marshalling, endpoint rules, signing, the JSON protocols, interceptors, unmarshalling) and so does
 * our code, but nothing reaches AWS, so no real data can be touched, no permission is needed and no cache of the
 * real root is filled. The real clients make one call only: {@link #touchAws}, a DynamoDB read of a key nobody
 * writes, on the tenants table every function may read.
 *
 * <p>Why one real call is acceptable and no more: the snapshot is taken once per published version, so the call
 * costs nothing that matters, and it reads nothing. What it leaves in the snapshot does not go stale: the SDK caches
 * the credentials with their expiry and refreshes them before it (on SnapStart the Java runtime hands them out
 * through the container credentials endpoint, not environment variables), and the URL-connection client's
 * keep-alive connection is dropped by the JDK once idle for 5 s by the wall clock, so a restored container opens a
 * new one. SQS and Secrets Manager get no real call: a harmless one does not exist for every function's permissions
 * (a dispatcher may only send), and their code is primed through the request paths. The JDK HTTP client of tenant
 * endpoints, HubSoft and Evolution is never used before the snapshot, so it holds no connection in it.
 */
final class Priming {

    private static final Logger LOG = LogManager.getLogger(Priming.class);
    private static final String PRIMING_TENANT = "priming";

    private Priming() {
    }

    /** The real DynamoDB client's one read; a failure (network, permissions) costs a colder start, never the publish. */
    static void touchAws(AwsClients aws, String tenantsTable) {
        try {
            aws.dynamo().getItem(b -> b.tableName(tenantsTable).key(TenantsTable.profile(new TenantId(PRIMING_TENANT))));
        } catch (RuntimeException e) {
            LOG.warn("priming read of {} failed; the first request will set up the DynamoDB client instead: {}", tenantsTable, e.toString());
        }
    }

    /** A representative event through the mapper both ways: its serializers and deserializers are built on first use. */
    static void jackson() throws IOException {
        Map<String, Object> event = Map.of("job", "priming", "category", "priming", "scheduledTime", Instant.EPOCH,
                "billings", List.of(Map.of("amount", 119.90, "dueDate", "2000-01-01", "customer", Map.of("name", "Priming"))));
        Json.MAPPER.readValue(Json.MAPPER.writeValueAsString(event), Map.class);
    }

    /** Clients like the real ones (same region and endpoint) whose every call is answered in the JVM, see {@link OfflineHttpClient}. */
    static AwsClients offlineClients(AwsClients real) {
        return new AwsClients(
                offline(DynamoDbClient.builder(), real.dynamo().serviceClientConfiguration()).build(),
                offline(SqsClient.builder(), real.sqs().serviceClientConfiguration()).build(),
                offline(SecretsManagerClient.builder(), real.secrets().serviceClientConfiguration()).build(),
                offline(KmsClient.builder(), real.kms().serviceClientConfiguration()).build());
    }

    private static <B extends AwsClientBuilder<B, ?> & AwsSyncClientBuilder<B, ?>> B offline(B builder, SdkServiceClientConfiguration like) {
        builder.httpClient(new OfflineHttpClient())
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(PRIMING_TENANT, PRIMING_TENANT)));
        if (like instanceof AwsServiceClientConfiguration aws && aws.region() != null) {
            builder.region(aws.region());
        }
        like.endpointOverride().ifPresent(builder::endpointOverride);
        return builder;
    }

    /**
     * Answers every request with HTTP 200 and {@code {}}, the empty success of the AWS JSON protocols DynamoDB, SQS
     * and Secrets Manager speak: gets find nothing, queries return no items, conditional writes succeed. The request
     * body is read first, as a real client sends it.
     */
    static final class OfflineHttpClient implements SdkHttpClient {

        private static final byte[] EMPTY = "{}".getBytes(StandardCharsets.UTF_8);

        @Override
        public ExecutableHttpRequest prepareRequest(HttpExecuteRequest request) {
            return new ExecutableHttpRequest() {
                @Override
                public HttpExecuteResponse call() throws IOException {
                    if (request.contentStreamProvider().isPresent()) {
                        try (InputStream body = request.contentStreamProvider().get().newStream()) {
                            body.transferTo(OutputStream.nullOutputStream());
                        }
                    }
                    SdkHttpResponse response = SdkHttpResponse.builder().statusCode(200)
                            .putHeader("Content-Type", "application/x-amz-json-1.0")
                            .putHeader("Content-Length", Integer.toString(EMPTY.length))
                            .putHeader("x-amzn-RequestId", PRIMING_TENANT)
                            .build();
                    return HttpExecuteResponse.builder().response(response)
                            .responseBody(AbortableInputStream.create(new ByteArrayInputStream(EMPTY))).build();
                }

                @Override
                public void abort() {
                }
            };
        }

        @Override
        public String clientName() {
            return "Priming";
        }

        @Override
        public void close() {
        }
    }
}
