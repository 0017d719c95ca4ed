package io.cadencia.aws;

import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * The AWS clients a function uses. In Lambda they come from the environment (region, credentials, and the SDK's
 * standard {@code AWS_ENDPOINT_URL_*} overrides); the local stack builds them against its embedded engines.
 */
public record AwsClients(DynamoDbClient dynamo, SqsClient sqs, SecretsManagerClient secrets, KmsClient kms) {

    public static AwsClients fromEnvironment() {
        return new AwsClients(
                DynamoDbClient.builder().httpClientBuilder(UrlConnectionHttpClient.builder()).build(),
                SqsClient.builder().httpClientBuilder(UrlConnectionHttpClient.builder()).build(),
                SecretsManagerClient.builder().httpClientBuilder(UrlConnectionHttpClient.builder()).build(),
                KmsClient.builder().httpClientBuilder(UrlConnectionHttpClient.builder()).build());
    }
}
