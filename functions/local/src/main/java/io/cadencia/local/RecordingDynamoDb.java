package io.cadencia.local;

import io.cadencia.aws.AwsCallRecorder;
import software.amazon.awssdk.core.SdkRequest;
import software.amazon.awssdk.core.SdkResponse;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.util.function.Consumer;

/**
 * DynamoDB Local in-process answers through its own client, outside the SDK's pipeline, so no interceptor runs: this
 * wrapper does for it what {@link AwsCallRecorder} does as an interceptor (asks for capacity, records the call).
 * Paginators are built over the wrapper, so every page is recorded; the builder-lambda overloads (interface default
 * methods) run against the wrapper too.
 */
final class RecordingDynamoDb implements InvocationHandler {

    private static final String SERVICE = "DynamoDB";
    private static final String PAGINATORS = "software.amazon.awssdk.services.dynamodb.paginators.";

    private final DynamoDbClient target;
    private final AwsCallRecorder recorder;

    private RecordingDynamoDb(DynamoDbClient target, AwsCallRecorder recorder) {
        this.target = target;
        this.recorder = recorder;
    }

    static DynamoDbClient wrap(DynamoDbClient target, AwsCallRecorder recorder) {
        return (DynamoDbClient) Proxy.newProxyInstance(DynamoDbClient.class.getClassLoader(), new Class<?>[]{DynamoDbClient.class},
                new RecordingDynamoDb(target, recorder));
    }

    @Override
    public Object invoke(Object proxy, Method method, Object[] args) throws Throwable {
        if (args != null && args.length == 1 && args[0] instanceof Consumer<?> && method.isDefault()) {
            return InvocationHandler.invokeDefault(proxy, method, args);
        }
        if (args != null && args.length == 1 && args[0] instanceof SdkRequest request) {
            String name = method.getName();
            if (name.endsWith("Paginator")) {
                String operation = capitalized(name.substring(0, name.length() - "Paginator".length()));
                return Class.forName(PAGINATORS + operation + "Iterable").getConstructor(DynamoDbClient.class, method.getParameterTypes()[0])
                        .newInstance(proxy, request);
            }
            return call(method, capitalized(name), recorder.prepare(request));
        }
        return forward(method, args);
    }

    private Object call(Method method, String operation, SdkRequest request) throws Throwable {
        try {
            Object response = forward(method, new Object[]{request});
            recorder.succeeded(SERVICE, operation, request, (SdkResponse) response);
            return response;
        } catch (RuntimeException e) {
            recorder.failed(SERVICE, operation, request, e);
            throw e;
        }
    }

    private Object forward(Method method, Object[] args) throws Throwable {
        try {
            return method.invoke(target, args);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }

    private static String capitalized(String name) {
        return Character.toUpperCase(name.charAt(0)) + name.substring(1);
    }
}
