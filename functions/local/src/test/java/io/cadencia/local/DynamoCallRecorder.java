package io.cadencia.local;

import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.interceptor.SdkExecutionAttribute;
import software.amazon.awssdk.core.SdkRequest;

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
