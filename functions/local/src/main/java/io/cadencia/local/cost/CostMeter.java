package io.cadencia.local.cost;

import com.fasterxml.jackson.databind.JsonNode;
import io.cadencia.aws.AwsCallRecorder;
import io.cadencia.aws.Json;
import io.cadencia.local.Metering;
import io.cadencia.observability.EmfMetricsSink;
import io.cadencia.observability.MetricsSink;
import io.cadencia.retry.Sleeper;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.DoubleAdder;
import java.util.concurrent.atomic.LongAdder;

/**
 * Measures each function as Lambda would bill it: invocations, billed duration, and the bytes of the EMF lines it
 * writes (every metric goes through a real {@link EmfMetricsSink}, whose lines are counted here and parsed for the
 * distinct metric sets; the in-memory tally still gets every count).
 *
 * <p>Billed duration of an invocation = its wall time on this machine (compute, and the embedded engines standing in
 * for the network) + the simulated time it paused (send gaps, typing delays, rate-limit waits and backoffs move the
 * simulated clock instead of sleeping, and Lambda bills a sleeping function). Pauses are counted per function: its
 * invocations run one at a time in the simulation (a category drains in one loop; dispatchers do not pause), so
 * another category's pauses on the shared clock are not counted as this one's. Rounded up to the millisecond.
 *
 * <p>AWS calls: each function gets its own clients carrying an {@link AwsCallRecorder}, which counts every call and the
 * DynamoDB capacity it consumed; {@link #stop} takes the totals as AWS bills them ({@link AwsCallTotals}).
 */
public final class CostMeter implements Metering {

    /** One function's figures. */
    public static final class FunctionFigures {
        final LongAdder invocations = new LongAdder();
        final LongAdder billedMillis = new LongAdder();
        final AtomicLong pausedNanos = new AtomicLong();
        final LongAdder emfBytes = new LongAdder();
        final LongAdder emfLines = new LongAdder();

        public long invocations() {
            return invocations.sum();
        }

        public long billedMillis() {
            return billedMillis.sum();
        }

        public long emfBytes() {
            return emfBytes.sum();
        }
    }

    private final String namespace;
    private final Map<String, FunctionFigures> functions = new ConcurrentHashMap<>();
    private final Set<String> metricSets = ConcurrentHashMap.newKeySet();
    private final AwsCallRecorder awsCalls = new AwsCallRecorder();
    private final LongAdder sqsRequests = new LongAdder();
    private final DoubleAdder refusedWriteUnits = new DoubleAdder();
    private volatile boolean counting = true;
    private volatile AwsCallTotals awsCallTotals;

    public CostMeter(String namespace) {
        this.namespace = namespace;
        awsCalls.onCall(call -> {
            if (counting) {
                sqsRequests.add(AwsCallTotals.sqsRequests(call));
                refusedWriteUnits.add(AwsCallTotals.refusedWriteUnits(call));
            }
        });
    }

    @Override
    public Optional<AwsCallRecorder> awsCalls() {
        return Optional.of(awsCalls);
    }

    @Override
    public MetricsSink metrics(String function, MetricsSink shared) {
        FunctionFigures figures = of(function);
        EmfMetricsSink emf = new EmfMetricsSink(namespace, line -> {
            if (counting) {
                figures.emfBytes.add(line.getBytes(StandardCharsets.UTF_8).length + 1L);
                figures.emfLines.increment();
                metricSets.add(metricSet(line));
            }
        });
        return (name, value, dimensions) -> {
            shared.count(name, value, dimensions);
            emf.count(name, value, dimensions);
        };
    }

    @Override
    public Sleeper sleeper(String function, Sleeper sleeper) {
        FunctionFigures figures = of(function);
        return duration -> {
            sleeper.sleep(duration);
            figures.pausedNanos.addAndGet(duration.toNanos());
        };
    }

    @Override
    public Invocation begin(String function) {
        FunctionFigures figures = of(function);
        long wallStart = System.nanoTime();
        long pausedStart = figures.pausedNanos.get();
        return () -> {
            if (counting) {
                long nanos = System.nanoTime() - wallStart + figures.pausedNanos.get() - pausedStart;
                figures.invocations.increment();
                figures.billedMillis.add(Math.max(1, (nanos + 999_999) / 1_000_000));
            }
        };
    }

    /** Stops counting: what runs after (the report's own reads) is not the system's work. */
    public void stop() {
        counting = false;
        awsCallTotals = AwsCallTotals.of(awsCalls, sqsRequests.sum(), refusedWriteUnits.sum());
    }

    /** The functions' AWS calls until {@link #stop}, as billed. */
    public AwsCallTotals awsCallTotals() {
        if (awsCallTotals == null) {
            throw new IllegalStateException("the AWS call totals are taken when the meter stops");
        }
        return awsCallTotals;
    }

    public Map<String, FunctionFigures> functions() {
        return new TreeMap<>(functions);
    }

    /** Distinct namespace, metric name and dimension name=value sets seen in the EMF lines: each a billed metric. */
    public Set<String> metricSets() {
        return new TreeSet<>(metricSets);
    }

    private FunctionFigures of(String function) {
        return functions.computeIfAbsent(function, f -> new FunctionFigures());
    }

    private static String metricSet(String line) {
        try {
            JsonNode root = Json.MAPPER.readTree(line);
            StringBuilder key = new StringBuilder();
            for (JsonNode directive : root.path("_aws").path("CloudWatchMetrics")) {
                for (JsonNode metric : directive.path("Metrics")) {
                    key.append(directive.path("Namespace").asText()).append('/').append(metric.path("Name").asText()).append('{');
                    for (JsonNode dimensions : directive.path("Dimensions")) {
                        for (JsonNode dimension : dimensions) {
                            key.append(dimension.asText()).append('=').append(root.path(dimension.asText()).asText()).append(',');
                        }
                    }
                    key.append('}');
                }
            }
            return key.toString();
        } catch (IOException e) {
            throw new IllegalStateException("an EMF line is not JSON: " + e.getMessage(), e);
        }
    }
}
