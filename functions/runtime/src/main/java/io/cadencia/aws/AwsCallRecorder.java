package io.cadencia.aws;

import software.amazon.awssdk.core.SdkRequest;
import software.amazon.awssdk.core.SdkResponse;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.interceptor.SdkExecutionAttribute;
import software.amazon.awssdk.services.dynamodb.model.BatchGetItemRequest;
import software.amazon.awssdk.services.dynamodb.model.BatchGetItemResponse;
import software.amazon.awssdk.services.dynamodb.model.BatchWriteItemRequest;
import software.amazon.awssdk.services.dynamodb.model.BatchWriteItemResponse;
import software.amazon.awssdk.services.dynamodb.model.Capacity;
import software.amazon.awssdk.services.dynamodb.model.ConsumedCapacity;
import software.amazon.awssdk.services.dynamodb.model.DeleteItemRequest;
import software.amazon.awssdk.services.dynamodb.model.DeleteItemResponse;
import software.amazon.awssdk.services.dynamodb.model.GetItemRequest;
import software.amazon.awssdk.services.dynamodb.model.GetItemResponse;
import software.amazon.awssdk.services.dynamodb.model.PutItemRequest;
import software.amazon.awssdk.services.dynamodb.model.PutItemResponse;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;
import software.amazon.awssdk.services.dynamodb.model.ReturnConsumedCapacity;
import software.amazon.awssdk.services.dynamodb.model.ScanRequest;
import software.amazon.awssdk.services.dynamodb.model.ScanResponse;
import software.amazon.awssdk.services.dynamodb.model.TransactGetItemsRequest;
import software.amazon.awssdk.services.dynamodb.model.TransactGetItemsResponse;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItemsRequest;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItemsResponse;
import software.amazon.awssdk.services.dynamodb.model.UpdateItemRequest;
import software.amazon.awssdk.services.dynamodb.model.UpdateItemResponse;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.DoubleAdder;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Consumer;

/**
 * Every AWS call made through the clients it is attached to: how many per label (the function making it), service,
 * operation and resource, and for DynamoDB the capacity units each table and index consumed. Attached only where
 * something measures (the local runner, tests, the cost model); Lambda's clients never carry it.
 *
 * <p>DynamoDB reports capacity only when asked, so {@link #interceptor} asks ({@code ReturnConsumedCapacity=INDEXES})
 * on every request that takes it, unless the caller asked already. Thread-safe: clients on many threads may share it.
 */
public final class AwsCallRecorder {

    /** One call as it went out, for listeners that need the request itself (say, to derive its IAM authorization). */
    public record Call(String label, String service, String operation, SdkRequest request, boolean succeeded) {
    }

    /** Where a count is kept: {@code resource} is a table, queue URL, secret id or key id, or "" when none applies. */
    public record Key(String label, String service, String operation, String resource) {
    }

    /** Capacity units one table or index ({@code "<table>/index/<name>"}) consumed, under a label. */
    public record CapacityKey(String label, String resource) {
    }

    /** Read and write capacity units. */
    public record Units(double read, double write) {
    }

    private final Map<Key, LongAdder> calls = new ConcurrentHashMap<>();
    private final Map<CapacityKey, DoubleAdder[]> capacity = new ConcurrentHashMap<>();
    private final List<Consumer<Call>> listeners = new CopyOnWriteArrayList<>();

    /** An interceptor recording every call of the client it is attached to under {@code label}. */
    public ExecutionInterceptor interceptor(String label) {
        return new Interceptor(label);
    }

    /** Runs {@code listener} on the calling thread after each call, failed calls included. */
    public void onCall(Consumer<Call> listener) {
        listeners.add(listener);
    }

    /** Calls so far, by label, service, operation and resource. */
    public Map<Key, Long> calls() {
        Map<Key, Long> out = new TreeMap<>(java.util.Comparator.comparing(Key::label).thenComparing(Key::service)
                .thenComparing(Key::operation).thenComparing(Key::resource));
        calls.forEach((k, v) -> out.put(k, v.sum()));
        return out;
    }

    /** Capacity units consumed so far, by label and table or index. */
    public Map<CapacityKey, Units> capacity() {
        Map<CapacityKey, Units> out = new TreeMap<>(java.util.Comparator.comparing(CapacityKey::label).thenComparing(CapacityKey::resource));
        capacity.forEach((k, v) -> out.put(k, new Units(v[0].sum(), v[1].sum())));
        return out;
    }

    /** Write units over every label, table and index. */
    public double writeUnits() {
        return capacity.values().stream().mapToDouble(v -> v[1].sum()).sum();
    }

    /** Read units over every label, table and index. */
    public double readUnits() {
        return capacity.values().stream().mapToDouble(v -> v[0].sum()).sum();
    }

    /** Starts counting from zero; listeners stay. */
    public void reset() {
        calls.clear();
        capacity.clear();
    }

    /**
     * Records one call made without the SDK's interceptor chain (a client that is not an SDK pipeline, such as DynamoDB
     * Local's in-process client). {@code response} is null for a failed call: a refused conditional write is billed
     * as a write too, and counts, but its units are not reported.
     */
    public void record(String label, String service, String operation, SdkRequest request, SdkResponse response) {
        count(label, service, operation, request);
        if (response != null) {
            boolean reads = readsOnly(response);
            consumed(response).forEach(c -> addCapacity(label, c, reads));
        }
        if (!listeners.isEmpty()) {
            Call call = new Call(label, service, operation, request, response != null);
            listeners.forEach(l -> l.accept(call));
        }
    }

    private void count(String label, String service, String operation, SdkRequest request) {
        calls.computeIfAbsent(new Key(label, service, operation, resource(request)), k -> new LongAdder()).increment();
    }

    private void addCapacity(String label, ConsumedCapacity consumed, boolean reads) {
        String table = consumed.tableName();
        if (consumed.table() != null || !consumed.globalSecondaryIndexes().isEmpty() || !consumed.localSecondaryIndexes().isEmpty()) {
            add(label, table, consumed.table(), reads);
            consumed.globalSecondaryIndexes().forEach((index, units) -> add(label, table + "/index/" + index, units, reads));
            consumed.localSecondaryIndexes().forEach((index, units) -> add(label, table + "/index/" + index, units, reads));
        } else {
            add(label, table, Capacity.builder().capacityUnits(consumed.capacityUnits()).readCapacityUnits(consumed.readCapacityUnits())
                    .writeCapacityUnits(consumed.writeCapacityUnits()).build(), reads);
        }
    }

    /** Some engines give only a total: it is reads or writes by what the call does. */
    private void add(String label, String resource, Capacity units, boolean reads) {
        if (units == null) {
            return;
        }
        double read = units.readCapacityUnits() == null ? 0 : units.readCapacityUnits();
        double write = units.writeCapacityUnits() == null ? 0 : units.writeCapacityUnits();
        if (read == 0 && write == 0 && units.capacityUnits() != null) {
            if (reads) {
                read = units.capacityUnits();
            } else {
                write = units.capacityUnits();
            }
        }
        DoubleAdder[] adders = capacity.computeIfAbsent(new CapacityKey(label, resource), k -> new DoubleAdder[]{new DoubleAdder(), new DoubleAdder()});
        adders[0].add(read);
        adders[1].add(write);
    }

    private static boolean readsOnly(SdkResponse response) {
        return response instanceof GetItemResponse || response instanceof QueryResponse || response instanceof ScanResponse
                || response instanceof BatchGetItemResponse || response instanceof TransactGetItemsResponse;
    }

    /** The table, queue, secret or key a request names ("" for none; the first table of a multi-table request). */
    static String resource(SdkRequest request) {
        for (String field : List.of("TableName", "QueueUrl", "QueueName", "SecretId", "Name", "KeyId")) {
            Optional<String> value = request.getValueForField(field, String.class);
            if (value.isPresent()) {
                return value.get();
            }
        }
        return switch (request) {
            case BatchWriteItemRequest b -> String.join(",", new java.util.TreeSet<>(b.requestItems().keySet()));
            case BatchGetItemRequest b -> String.join(",", new java.util.TreeSet<>(b.requestItems().keySet()));
            case TransactWriteItemsRequest t -> String.join(",", new java.util.TreeSet<>(t.transactItems().stream().map(i ->
                    i.put() != null ? i.put().tableName() : i.update() != null ? i.update().tableName()
                            : i.delete() != null ? i.delete().tableName() : i.conditionCheck().tableName()).toList()));
            case TransactGetItemsRequest t -> String.join(",", new java.util.TreeSet<>(t.transactItems().stream().map(i -> i.get().tableName()).toList()));
            default -> "";
        };
    }

    /** Asks DynamoDB to report the capacity of this request, table and indexes apart, unless the caller chose. */
    public static SdkRequest askingForCapacity(SdkRequest request) {
        ReturnConsumedCapacity indexes = ReturnConsumedCapacity.INDEXES;
        return switch (request) {
            case GetItemRequest r when r.returnConsumedCapacity() == null -> r.toBuilder().returnConsumedCapacity(indexes).build();
            case PutItemRequest r when r.returnConsumedCapacity() == null -> r.toBuilder().returnConsumedCapacity(indexes).build();
            case UpdateItemRequest r when r.returnConsumedCapacity() == null -> r.toBuilder().returnConsumedCapacity(indexes).build();
            case DeleteItemRequest r when r.returnConsumedCapacity() == null -> r.toBuilder().returnConsumedCapacity(indexes).build();
            case QueryRequest r when r.returnConsumedCapacity() == null -> r.toBuilder().returnConsumedCapacity(indexes).build();
            case ScanRequest r when r.returnConsumedCapacity() == null -> r.toBuilder().returnConsumedCapacity(indexes).build();
            case BatchGetItemRequest r when r.returnConsumedCapacity() == null -> r.toBuilder().returnConsumedCapacity(indexes).build();
            case BatchWriteItemRequest r when r.returnConsumedCapacity() == null -> r.toBuilder().returnConsumedCapacity(indexes).build();
            case TransactWriteItemsRequest r when r.returnConsumedCapacity() == null -> r.toBuilder().returnConsumedCapacity(indexes).build();
            case TransactGetItemsRequest r when r.returnConsumedCapacity() == null -> r.toBuilder().returnConsumedCapacity(indexes).build();
            default -> request;
        };
    }

    static List<ConsumedCapacity> consumed(SdkResponse response) {
        return switch (response) {
            case GetItemResponse r -> single(r.consumedCapacity());
            case PutItemResponse r -> single(r.consumedCapacity());
            case UpdateItemResponse r -> single(r.consumedCapacity());
            case DeleteItemResponse r -> single(r.consumedCapacity());
            case QueryResponse r -> single(r.consumedCapacity());
            case ScanResponse r -> single(r.consumedCapacity());
            case BatchGetItemResponse r -> r.consumedCapacity();
            case BatchWriteItemResponse r -> r.consumedCapacity();
            case TransactWriteItemsResponse r -> r.consumedCapacity();
            case TransactGetItemsResponse r -> r.consumedCapacity();
            default -> List.of();
        };
    }

    private static List<ConsumedCapacity> single(ConsumedCapacity consumed) {
        return consumed == null ? List.of() : List.of(consumed);
    }

    private final class Interceptor implements ExecutionInterceptor {
        private final String label;

        Interceptor(String label) {
            this.label = label;
        }

        @Override
        public SdkRequest modifyRequest(Context.ModifyRequest context, ExecutionAttributes attributes) {
            return askingForCapacity(context.request());
        }

        @Override
        public void afterExecution(Context.AfterExecution context, ExecutionAttributes attributes) {
            record(label, attributes.getAttribute(SdkExecutionAttribute.SERVICE_NAME),
                    attributes.getAttribute(SdkExecutionAttribute.OPERATION_NAME), context.request(), context.response());
        }

        @Override
        public void onExecutionFailure(Context.FailedExecution context, ExecutionAttributes attributes) {
            record(label, attributes.getAttribute(SdkExecutionAttribute.SERVICE_NAME),
                    attributes.getAttribute(SdkExecutionAttribute.OPERATION_NAME), context.request(), null);
        }
    }
}
