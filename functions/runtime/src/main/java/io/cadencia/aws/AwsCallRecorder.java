package io.cadencia.aws;

import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.SdkRequest;
import software.amazon.awssdk.core.SdkResponse;
import software.amazon.awssdk.core.client.builder.SdkClientBuilder;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttribute;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.interceptor.SdkExecutionAttribute;
import software.amazon.awssdk.services.dynamodb.model.BatchGetItemRequest;
import software.amazon.awssdk.services.dynamodb.model.BatchWriteItemRequest;
import software.amazon.awssdk.services.dynamodb.model.Capacity;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.ConsumedCapacity;
import software.amazon.awssdk.services.dynamodb.model.DeleteItemRequest;
import software.amazon.awssdk.services.dynamodb.model.GetItemRequest;
import software.amazon.awssdk.services.dynamodb.model.PutItemRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.ReturnConsumedCapacity;
import software.amazon.awssdk.services.dynamodb.model.ScanRequest;
import software.amazon.awssdk.services.dynamodb.model.TransactGetItem;
import software.amazon.awssdk.services.dynamodb.model.TransactGetItemsRequest;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItemsRequest;
import software.amazon.awssdk.services.dynamodb.model.UpdateItemRequest;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import java.util.function.Supplier;
import java.util.stream.Stream;

/**
 * Records every AWS call an SDK client makes: which function made it (when a label is known), the service, the
 * operation, the resource (table, {@code table/index/name}, queue name, secret id) and, for DynamoDB, the capacity it
 * consumed per table and per index. While attached it asks DynamoDB for that capacity
 * ({@code ReturnConsumedCapacity=INDEXES}) on every request that takes it, so the code under measurement needs no
 * change. The local runner and tests attach it; Lambda's clients never carry it, so production pays nothing.
 *
 * <p>What it keeps is aggregated (counts per function, service, operation and resource; capacity per function, table
 * and index), so a simulated day costs no memory per call; {@link #onCall} sees each call as it happens.
 * Thread-safe: the SDK runs interceptors on the calling threads.
 *
 * <p>Two figures are floors rather than reports, and set {@link Call#estimated}: a conditional write DynamoDB refused
 * reports no capacity, yet is billed at least one write unit (the size of the item it was compared with), so it counts
 * one on its table; and a transaction counts at least two write units per item on each table, what DynamoDB bills for
 * items under 1 KB, where DynamoDB Local reports two per KB of all the transaction's items together.
 */
public final class AwsCallRecorder implements ExecutionInterceptor {

    /** The DynamoDB operations whose capacity is write units; every other one consumes read units. */
    private static final Set<String> WRITES = Set.of("PutItem", "UpdateItem", "DeleteItem", "BatchWriteItem", "TransactWriteItems");
    private static final ExecutionAttribute<String> FUNCTION = new ExecutionAttribute<>("cadencia.function");

    /** Capacity consumed on one table or on one of its indexes ({@code index} null). */
    public record Units(double read, double write) {
        public static final Units ZERO = new Units(0, 0);

        public Units plus(Units other) {
            return new Units(read + other.read, write + other.write);
        }
    }

    /** Capacity of one call on one table ({@code index} null) or index. */
    public record Consumed(String table, String index, Units units) {
        /** {@code table} or {@code table/index/name}, as IAM names an index. */
        public String resource() {
            return AwsCallRecorder.resource(table, index);
        }
    }

    /**
     * One AWS call. {@code service} is IAM's prefix for it ({@code dynamodb}, {@code sqs}, {@code secretsmanager}), so
     * {@code service:operation} is the IAM action; {@code function} is null when no label was known; {@code resource} null when the operation names
     * none; {@code error} the service's error code, null on success.
     */
    public record Call(String function, String service, String operation, String resource, String error,
                       List<Consumed> capacity, boolean estimated) {
    }

    public record CallKey(String function, String service, String operation, String resource) {
    }

    public record CapacityKey(String function, String table, String index) {
        public String resource() {
            return AwsCallRecorder.resource(table, index);
        }
    }

    private static String resource(String table, String index) {
        return index == null ? table : table + "/index/" + index;
    }

    /** What was recorded up to a moment: call counts and capacity sums. */
    public record Snapshot(Map<CallKey, Long> calls, Map<CapacityKey, Units> capacity) {
        public Snapshot {
            calls = Map.copyOf(calls);
            capacity = Map.copyOf(capacity);
        }

        public long count(String service, String operation) {
            return calls.entrySet().stream().filter(e -> e.getKey().service().equals(service) && e.getKey().operation().equals(operation))
                    .mapToLong(Map.Entry::getValue).sum();
        }

        public long totalCalls() {
            return calls.values().stream().mapToLong(Long::longValue).sum();
        }

        /** Capacity summed over functions, by {@link CapacityKey#resource()}. */
        public Map<String, Units> byResource() {
            Map<String, Units> sums = new HashMap<>();
            capacity.forEach((key, units) -> sums.merge(key.resource(), units, Units::plus));
            return sums;
        }

        public Units total() {
            return capacity.values().stream().reduce(Units.ZERO, Units::plus);
        }
    }

    /** The aggregates, shared by a recorder and its {@link #forFunction} views. */
    private static final class Store {
        private final Map<CallKey, Long> calls = new HashMap<>();
        private final Map<CapacityKey, Units> capacity = new HashMap<>();
        private final List<Consumer<Call>> listeners = new CopyOnWriteArrayList<>();

        synchronized void add(Call call) {
            calls.merge(new CallKey(call.function(), call.service(), call.operation(), call.resource()), 1L, Long::sum);
            call.capacity().forEach(c -> capacity.merge(new CapacityKey(call.function(), c.table(), c.index()), c.units(), Units::plus));
        }

        synchronized Snapshot snapshot(boolean reset) {
            Snapshot snapshot = new Snapshot(calls, capacity);
            if (reset) {
                calls.clear();
                capacity.clear();
            }
            return snapshot;
        }
    }

    private final Store store;
    private final Supplier<String> function;

    /** A recorder whose calls name no function. */
    public AwsCallRecorder() {
        this(() -> null);
    }

    /** @param function the function on whose behalf a call is made, asked on the calling thread before each call */
    public AwsCallRecorder(Supplier<String> function) {
        this(new Store(), function);
    }

    private AwsCallRecorder(Store store, Supplier<String> function) {
        this.store = store;
        this.function = Objects.requireNonNull(function, "function");
    }

    /** A recorder into the same aggregates whose calls all name {@code function}: one per function's clients. */
    public AwsCallRecorder forFunction(String function) {
        return new AwsCallRecorder(store, () -> function);
    }

    /** The builder with this recorder among its interceptors (it replaces the builder's override configuration). */
    public <B extends SdkClientBuilder<B, ?>> B attachTo(B builder) {
        return builder.overrideConfiguration(c -> c.addExecutionInterceptor(this));
    }

    /** Runs {@code listener} on every call from now on, on the calling thread. */
    public void onCall(Consumer<Call> listener) {
        store.listeners.add(listener);
    }

    public Snapshot snapshot() {
        return store.snapshot(false);
    }

    /** What was recorded so far; the recorder starts again from nothing. */
    public Snapshot reset() {
        return store.snapshot(true);
    }

    @Override
    public void beforeExecution(Context.BeforeExecution context, ExecutionAttributes attributes) {
        attributes.putAttribute(FUNCTION, function.get());
    }

    @Override
    public SdkRequest modifyRequest(Context.ModifyRequest context, ExecutionAttributes attributes) {
        return withCapacity(context.request());
    }

    @Override
    public void afterExecution(Context.AfterExecution context, ExecutionAttributes attributes) {
        add(attributes.getAttribute(FUNCTION), attributes.getAttribute(SdkExecutionAttribute.SERVICE_NAME),
                attributes.getAttribute(SdkExecutionAttribute.OPERATION_NAME), context.request(), context.response());
    }

    @Override
    public void onExecutionFailure(Context.FailedExecution context, ExecutionAttributes attributes) {
        addFailure(attributes.getAttribute(FUNCTION), attributes.getAttribute(SdkExecutionAttribute.SERVICE_NAME),
                attributes.getAttribute(SdkExecutionAttribute.OPERATION_NAME), context.request(), context.exception());
    }

    /** For a client the SDK's pipeline does not run (DynamoDB Local in-process): the request as the interceptor sends it. */
    public SdkRequest prepare(SdkRequest request) {
        return withCapacity(request);
    }

    /** For a client the SDK's pipeline does not run: records a call that returned {@code response}. */
    public void succeeded(String service, String operation, SdkRequest request, SdkResponse response) {
        add(function.get(), service, operation, request, response);
    }

    /** For a client the SDK's pipeline does not run: records a call that threw {@code error}. */
    public void failed(String service, String operation, SdkRequest request, Throwable error) {
        addFailure(function.get(), service, operation, request, error);
    }

    /** The SDK's service name ({@code DynamoDb}, {@code SecretsManager}) as IAM's action prefix. */
    private static String iamPrefix(String service) {
        return service.replaceAll("[^A-Za-z0-9]", "").toLowerCase(Locale.ROOT);
    }

    private void add(String fn, String service, String operation, SdkRequest request, SdkResponse response) {
        Optional<Object> consumed = response.getValueForField("ConsumedCapacity", Object.class);
        List<Consumed> capacity = new ArrayList<>();
        consumed.ifPresent(value -> (value instanceof Collection<?> list ? list.stream() : Stream.of(value))
                .filter(ConsumedCapacity.class::isInstance).map(ConsumedCapacity.class::cast)
                .forEach(c -> capacity.addAll(split(c, WRITES.contains(operation)))));
        boolean estimated = request instanceof TransactWriteItemsRequest transaction && atTransactionFloor(transaction, capacity);
        emit(new Call(fn, iamPrefix(service), operation, resource(request), null, List.copyOf(capacity), estimated));
    }

    /**
     * DynamoDB bills a transaction two write units per KB of each item; DynamoDB Local reports two per KB of all its
     * items together. Raises each table's units to the floor DynamoDB bills (two per item) and says whether it did.
     */
    private static boolean atTransactionFloor(TransactWriteItemsRequest transaction, List<Consumed> capacity) {
        Map<String, Long> items = new HashMap<>();
        transaction.transactItems().forEach(item -> items.merge(tableOf(item), 1L, Long::sum));
        boolean raised = false;
        for (int i = 0; i < capacity.size(); i++) {
            Consumed c = capacity.get(i);
            double floor = 2.0 * items.getOrDefault(c.table(), 0L);
            if (c.index() == null && c.units().write() < floor) {
                capacity.set(i, new Consumed(c.table(), null, new Units(c.units().read(), floor)));
                raised = true;
            }
        }
        return raised;
    }

    private void addFailure(String fn, String service, String operation, SdkRequest request, Throwable error) {
        String code = error instanceof AwsServiceException aws && aws.awsErrorDetails() != null
                ? aws.awsErrorDetails().errorCode() : error.getClass().getSimpleName();
        boolean refusedWrite = error instanceof ConditionalCheckFailedException && WRITES.contains(operation);
        List<Consumed> capacity = refusedWrite
                ? request.getValueForField("TableName", String.class).map(t -> List.of(new Consumed(t, null, new Units(0, 1)))).orElse(List.of())
                : List.of();
        emit(new Call(fn, iamPrefix(service), operation, resource(request), code, capacity, refusedWrite));
    }

    private void emit(Call call) {
        store.add(call);
        store.listeners.forEach(listener -> listener.accept(call));
    }

    /** Table and index capacity of one ConsumedCapacity, as read or write units. */
    private static List<Consumed> split(ConsumedCapacity c, boolean write) {
        List<Consumed> parts = new ArrayList<>();
        if (c.table() == null && !c.hasGlobalSecondaryIndexes() && !c.hasLocalSecondaryIndexes()) {
            // Asked for TOTAL only: all of it is the table's.
            parts.add(new Consumed(c.tableName(), null, units(c.capacityUnits(), c.readCapacityUnits(), c.writeCapacityUnits(), write)));
            return parts;
        }
        if (c.table() != null) {
            parts.add(new Consumed(c.tableName(), null, units(c.table(), write)));
        }
        c.globalSecondaryIndexes().forEach((index, capacity) -> parts.add(new Consumed(c.tableName(), index, units(capacity, write))));
        c.localSecondaryIndexes().forEach((index, capacity) -> parts.add(new Consumed(c.tableName(), index, units(capacity, write))));
        return parts;
    }

    private static Units units(Capacity c, boolean write) {
        return units(c.capacityUnits(), c.readCapacityUnits(), c.writeCapacityUnits(), write);
    }

    /** The service's own read/write split when it gives one, else all the units by the kind of operation. */
    private static Units units(Double total, Double read, Double write, boolean writeOperation) {
        if (read != null || write != null) {
            return new Units(read == null ? 0 : read, write == null ? 0 : write);
        }
        double all = total == null ? 0 : total;
        return writeOperation ? new Units(0, all) : new Units(all, 0);
    }

    /** The table (or {@code table/index/name}), queue name or secret id a request names; tables joined by ','. */
    static String resource(SdkRequest request) {
        return switch (request) {
            case QueryRequest q -> resource(q.tableName(), q.indexName());
            case ScanRequest s -> resource(s.tableName(), s.indexName());
            case BatchGetItemRequest b -> String.join(",", new TreeSet<>(b.requestItems().keySet()));
            case BatchWriteItemRequest b -> String.join(",", new TreeSet<>(b.requestItems().keySet()));
            case TransactWriteItemsRequest t -> String.join(",", new TreeSet<>(t.transactItems().stream().map(AwsCallRecorder::tableOf).toList()));
            case TransactGetItemsRequest t -> String.join(",", new TreeSet<>(t.transactItems().stream().map(TransactGetItem::get)
                    .map(g -> g.tableName()).toList()));
            default -> Stream.of("TableName", "QueueUrl", "QueueName", "SecretId", "Name")
                    .flatMap(field -> request.getValueForField(field, String.class).stream())
                    .findFirst().map(AwsCallRecorder::queueName).orElse(null);
        };
    }

    private static String tableOf(TransactWriteItem item) {
        if (item.put() != null) {
            return item.put().tableName();
        }
        if (item.update() != null) {
            return item.update().tableName();
        }
        if (item.delete() != null) {
            return item.delete().tableName();
        }
        return item.conditionCheck().tableName();
    }

    /** A queue URL's last segment is the queue's name; any other value is kept. */
    private static String queueName(String value) {
        return value.startsWith("http") ? value.substring(value.lastIndexOf('/') + 1) : value;
    }

    /** The request asking for per-index capacity, for the DynamoDB operations that report it; any other as it is. */
    private static SdkRequest withCapacity(SdkRequest request) {
        ReturnConsumedCapacity indexes = ReturnConsumedCapacity.INDEXES;
        return switch (request) {
            case GetItemRequest r -> r.toBuilder().returnConsumedCapacity(indexes).build();
            case PutItemRequest r -> r.toBuilder().returnConsumedCapacity(indexes).build();
            case UpdateItemRequest r -> r.toBuilder().returnConsumedCapacity(indexes).build();
            case DeleteItemRequest r -> r.toBuilder().returnConsumedCapacity(indexes).build();
            case QueryRequest r -> r.toBuilder().returnConsumedCapacity(indexes).build();
            case ScanRequest r -> r.toBuilder().returnConsumedCapacity(indexes).build();
            case BatchGetItemRequest r -> r.toBuilder().returnConsumedCapacity(indexes).build();
            case BatchWriteItemRequest r -> r.toBuilder().returnConsumedCapacity(indexes).build();
            case TransactGetItemsRequest r -> r.toBuilder().returnConsumedCapacity(indexes).build();
            case TransactWriteItemsRequest r -> r.toBuilder().returnConsumedCapacity(indexes).build();
            default -> request;
        };
    }
}
