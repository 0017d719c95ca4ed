package io.cadencia.local;

import org.testcontainers.containers.localstack.LocalStackContainer;
import org.testcontainers.utility.DockerImageName;

import java.net.URI;
import java.util.List;
import java.util.function.Function;

/**
 * Starts LocalStack (DynamoDB, SQS, Secrets Manager) for the {@code localstack} Maven profile, where a Docker
 * engine exists. The integration tests then run unchanged against it.
 */
public final class LocalStackBackend implements Function<List<AutoCloseable>, URI> {

    @Override
    public URI apply(List<AutoCloseable> engines) {
        LocalStackContainer container = new LocalStackContainer(DockerImageName.parse("localstack/localstack:3.8"))
                .withServices(LocalStackContainer.Service.DYNAMODB, LocalStackContainer.Service.SQS,
                        LocalStackContainer.Service.SECRETSMANAGER, LocalStackContainer.Service.KMS);
        container.start();
        engines.add(container::stop);
        return container.getEndpoint();
    }
}
