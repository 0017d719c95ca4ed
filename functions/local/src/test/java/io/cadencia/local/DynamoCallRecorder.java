package io.cadencia.local;

import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.interceptor.SdkExecutionAttribute;
import software.amazon.awssdk.core.SdkRequest;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** Every DynamoDB request a client sent, by operation, so a test can tell a Scan from a Query on an index. */
final class DynamoCallRecorder implements ExecutionInterceptor {

    record Call(String operation, SdkRequest request) {
    }

    private final List<Call> calls = new CopyOnWriteArrayList<>();

    @Override
    public void beforeExecution(Context.BeforeExecution context, ExecutionAttributes attributes) {
        calls.add(new Call(attributes.getAttribute(SdkExecutionAttribute.OPERATION_NAME), context.request()));
    }

    /** A client of the environment's DynamoDB Local, over HTTP as the functions' own, whose every request this sees. */
    DynamoDbClient client(LocalEnvironment env) {
        return DynamoDbClient.builder().endpointOverride(env.aws().dynamoEndpoint()).region(EmbeddedAws.REGION)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(EmbeddedAws.ACCESS_KEY, "local")))
                .overrideConfiguration(c -> c.addExecutionInterceptor(this))
                .httpClientBuilder(UrlConnectionHttpClient.builder()).build();
    }

    List<Call> calls() {
        return List.copyOf(calls);
    }

    long count(String operation) {
        return calls.stream().filter(c -> c.operation().equals(operation)).count();
    }

    void clear() {
        calls.clear();
    }
}
