package io.cadencia.local;

import software.amazon.awssdk.core.SdkRequest;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.services.sqs.model.ChangeMessageVisibilityBatchRequest;
import software.amazon.awssdk.services.sqs.model.ChangeMessageVisibilityRequest;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Records the visibility timeouts that function code asks SQS for, by receipt handle. ElasticMQ counts visibility
 * in real time, so the local event source reads them here and honours them on the simulated clock instead.
 */
public final class VisibilityRequests implements ExecutionInterceptor {

    private final Map<String, Integer> requested = new ConcurrentHashMap<>();

    @Override
    public void beforeExecution(Context.BeforeExecution context, ExecutionAttributes attributes) {
        SdkRequest request = context.request();
        if (request instanceof ChangeMessageVisibilityRequest one) {
            remember(one.receiptHandle(), one.visibilityTimeout());
        } else if (request instanceof ChangeMessageVisibilityBatchRequest batch) {
            batch.entries().forEach(entry -> remember(entry.receiptHandle(), entry.visibilityTimeout()));
        }
    }

    private void remember(String receiptHandle, Integer seconds) {
        if (receiptHandle != null && seconds != null) {
            requested.put(receiptHandle, seconds);
        }
    }

    /** The visibility timeout last asked for the message received with this handle, if any; forgets it. */
    public Optional<Integer> take(String receiptHandle) {
        return Optional.ofNullable(requested.remove(receiptHandle));
    }
}
