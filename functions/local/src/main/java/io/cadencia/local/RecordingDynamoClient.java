package io.cadencia.local;

import io.cadencia.aws.AwsCallRecorder;
import software.amazon.awssdk.core.SdkRequest;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.DynamoDbRequest;
import software.amazon.awssdk.services.dynamodb.model.DynamoDbResponse;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;

/**
 * DynamoDB Local's in-process client seen through an {@link AwsCallRecorder}: that client is not an SDK pipeline, so
 * interceptors never run on it. Each operation asks for consumed capacity as the interceptor would, and is recorded
 * with its response, or as failed when it throws. The SDK's default methods (request builders, paginators) run on
 * this wrapper, so the operations they end in are recorded too. Closing it leaves the shared engine client open.
 */
final class RecordingDynamoClient implements InvocationHandler {

    /** The service name the SDK gives DynamoDB calls, so both modes record under the same key. */
    private static final String SERVICE = "DynamoDb";

    private final DynamoDbClient engine;
    private final AwsCallRecorder recorder;
    private final String label;

    private RecordingDynamoClient(DynamoDbClient engine, AwsCallRecorder recorder, String label) {
        this.engine = engine;
        this.recorder = recorder;
        this.label = label;
    }

    static DynamoDbClient over(DynamoDbClient engine, AwsCallRecorder recorder, String label) {
        return (DynamoDbClient) Proxy.newProxyInstance(DynamoDbClient.class.getClassLoader(), new Class<?>[]{DynamoDbClient.class},
                new RecordingDynamoClient(engine, recorder, label));
    }

    @Override
    public Object invoke(Object proxy, Method method, Object[] args) throws Throwable {
        if (args != null && args.length == 1 && args[0] instanceof DynamoDbRequest request
                && DynamoDbResponse.class.isAssignableFrom(method.getReturnType())) {
            return operation(method, request);
        }
        if (method.isDefault()) {
            return InvocationHandler.invokeDefault(proxy, method, args);
        }
        if (method.getName().equals("close") && method.getParameterCount() == 0) {
            return null;
        }
        return call(method, args);
    }

    private Object operation(Method method, DynamoDbRequest request) throws Throwable {
        SdkRequest asking = AwsCallRecorder.askingForCapacity(request);
        String operation = Character.toUpperCase(method.getName().charAt(0)) + method.getName().substring(1);
        DynamoDbResponse response;
        try {
            response = (DynamoDbResponse) call(method, new Object[]{asking});
        } catch (Throwable failure) {
            recorder.record(label, SERVICE, operation, asking, null);
            throw failure;
        }
        recorder.record(label, SERVICE, operation, asking, response);
        return response;
    }

    private Object call(Method method, Object[] args) throws Throwable {
        try {
            return method.invoke(engine, args);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }
}
