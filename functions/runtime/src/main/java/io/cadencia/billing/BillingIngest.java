package io.cadencia.billing;

import io.cadencia.billing.schedule.ReminderScheduler;
import io.cadencia.billing.schedule.ScheduledReminder;
import io.cadencia.observability.MetricsSink;
import io.cadencia.retry.Sleeper;
import io.cadencia.tenant.Settings;
import io.cadencia.tenant.Tenant;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkException;
import io.cadencia.tenant.TenantDirectory;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Ingests a batch of billings for one tenant: refuses more than 1000 whole, validates each item, refuses
 * duplicates (in the batch and against active cycles), and creates cycles chunk by chunk, each chunk fully written
 * before the next starts, so a timeout mid-batch leaves whole chunks and a re-sent batch reports them as duplicates
 * (and completes an item whose writing stopped midway: {@link Cycles}). Once a chunk is written the sender is woken
 * once, at the chunk's earliest reminder, not once per cycle: a chunk of a tenant's billings shares one wake item.
 */
public final class BillingIngest {

    /** A whole-request refusal (unknown tenant, oversized batch, malformed body): nothing was written. */
    public static final class RefusedException extends IllegalArgumentException {
        public RefusedException(String message) {
            super(message);
        }
    }

    private static final Logger LOG = LogManager.getLogger(BillingIngest.class);
    /**
     * A chunk starts at most this often. All of a tenant's items share one partition key, and a partition takes at most
     * 1,000 write units a second; a chunk of 100 billings writes 400 (one reminder each) to 700 (four) units there, so at
     * one chunk a second an ingest leaves room for the tenant's sender and a second ingest. Unpaced, the parallel item
     * writes (about 5 ms each in DynamoDB) would go some 1.6 times past the limit and be throttled (docs/capacity.md).
     */
    static final Duration CHUNK_PACE = Duration.ofSeconds(1);

    private final TenantDirectory tenants;
    private final Cycles cycles;
    private final Contacts contacts;
    private final ReminderMessages messages;
    private final MetricsSink metrics;
    private final io.cadencia.secrets.TenantKeys keys;
    private final Clock clock;
    private final Sleeper sleeper;
    private final ExecutorService pool;

    /**
     * @param sleeper     how the pause between chunks is taken
     * @param parallelism concurrent item writes within a chunk
     */
    public BillingIngest(TenantDirectory tenants, Billing billing, MetricsSink metrics, io.cadencia.secrets.TenantKeys keys,
                         Clock clock, Sleeper sleeper, int parallelism) {
        this.sleeper = sleeper;
        this.keys = keys;
        this.tenants = tenants;
        this.cycles = billing.cycles();
        this.contacts = billing.contacts();
        this.messages = billing.messages();
        this.metrics = metrics;
        this.clock = clock;
        AtomicInteger threads = new AtomicInteger();
        this.pool = Executors.newFixedThreadPool(parallelism, r -> {
            Thread t = new Thread(r, "billing-ingest-" + threads.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
    }

    public Map<String, Object> ingest(String tenantId, List<BillingInput> items) {
        return ingest(tenantId, items, Map.of());
    }

    /** @param shapeErrors per-index errors found while reading the request (e.g. a non-numeric amount); they win */
    public Map<String, Object> ingest(String tenantId, List<BillingInput> items, Map<Integer, FieldError> shapeErrors) {
        if (tenantId == null || tenantId.isBlank()) {
            throw new RefusedException("field 'tenantId' is required");
        }
        try {
            Tenant.requireValidId(tenantId);
        } catch (IllegalArgumentException e) {
            throw new RefusedException(e.getMessage());
        }
        Tenant tenant = tenants.find(tenantId).filter(Tenant::active)
                .orElseThrow(() -> new RefusedException("tenant '" + tenantId + "' does not exist or is not active"));
        BatchRules.checkSize(items.size()).ifPresent(error -> {
            throw new RefusedException("billings: " + error.message());
        });
        Settings settings = tenants.settingsOf(tenant);
        BillingConfig config = BillingConfig.scheduling(settings);
        BillingValidator validator = new BillingValidator(clock, config.zone());
        List<Result<ValidBilling>> validated = new ArrayList<>(items.size());
        for (int i = 0; i < items.size(); i++) {
            FieldError shape = shapeErrors.get(i);
            validated.add(shape == null ? validator.validate(items.get(i)) : Result.errors(List.of(shape)));
        }
        Map<Integer, FieldError> batchDuplicates = BatchRules.duplicates(validated.stream()
                .map(r -> r.isOk() ? r.value().externalBillingId() : null).toList());

        List<Map<String, Object>> results = new ArrayList<>(items.size());
        Map<String, Integer> counts = new LinkedHashMap<>();
        List.of(CREATED, DUPLICATE, REJECTED, FAILED).forEach(status -> counts.put(status, 0));
        Instant chunkStarted = clock.instant();
        int index = 0;
        for (List<BillingInput> chunk : BatchRules.chunks(items)) {
            if (index > 0) {
                pace(chunkStarted);
            }
            chunkStarted = clock.instant();
            int first = index;
            List<Result<ValidBilling>> chunkResults = validated.subList(first, first + chunk.size());
            List<Future<Map<String, Object>>> rows = new ArrayList<>(chunk.size());
            try {
                List<String> phones = chunkResults.stream().filter(Result::isOk).map(r -> r.value().phone()).toList();
                Map<String, Contact> known = contacts.findAll(tenantId, phones);
                long rotation = cycles.reserveRotation(tenantId, chunk.size());
                // Items of a chunk are independent (in-batch repeats were flagged above), so they are written in parallel;
                // the chunk is complete before the next one starts.
                for (int i = 0; i < chunk.size(); i++) {
                    int itemIndex = first + i;
                    BillingInput input = chunk.get(i);
                    Result<ValidBilling> validation = chunkResults.get(i);
                    long itemRotation = rotation + i;
                    rows.add(pool.submit(() -> one(tenantId, itemIndex, input, validation, batchDuplicates.get(itemIndex),
                            known, itemRotation, config)));
                }
            } catch (RuntimeException e) {
                if (first == 0) {
                    // Nothing is written yet: a missing table or a denied call is the server's failure, not the items'.
                    throw e;
                }
                // Earlier chunks are stored; this one's shared reads failed before any of its items was written.
                LOG.warn("ingest chunk at item {} of tenant {} could not start", first, tenantId, e);
                rows.clear();
                for (int i = 0; i < chunk.size(); i++) {
                    rows.add(CompletableFuture.completedFuture(unstored(first + i, chunk.get(i), chunkResults.get(i),
                            batchDuplicates.get(first + i), e)));
                }
            }
            Optional<Instant> wake = Optional.empty();
            for (Future<Map<String, Object>> future : rows) {
                Map<String, Object> row = join(future);
                counts.merge((String) row.get("status"), 1, Integer::sum);
                wake = earlier(wake, (Instant) row.remove(FIRST_DUE));
                results.add(ordered(row));
            }
            wake.ifPresent(at -> messages.wakeAt(tenantId, at));
            index += chunk.size();
        }
        metrics.count("CyclesCreated", counts.get(CREATED), Map.of());
        metrics.count("DuplicatesRefused", counts.get(DUPLICATE), Map.of());
        metrics.count("BillingsRejected", counts.get(REJECTED), Map.of());
        metrics.count("BillingsFailed", counts.get(FAILED), Map.of());
        Map<String, Object> response = new LinkedHashMap<>();
        response.put("tenantId", tenantId);
        response.put("received", items.size());
        counts.forEach(response::put);
        List<String> warnings = new ArrayList<>(settings.problems().values());
        BillingConfig.sendingProblem(settings, keys, tenantId).ifPresent(problem -> {
            warnings.add(problem);
            metrics.count("EvolutionMisconfigured", Map.of());
        });
        if (!warnings.isEmpty()) {
            response.put("warnings", List.copyOf(warnings));
        }
        response.put("results", results);
        return response;
    }

    /** Waits until {@link #CHUNK_PACE} has passed since the last chunk started. */
    private void pace(Instant lastChunkStarted) {
        Duration left = Duration.between(clock.instant(), lastChunkStarted.plus(CHUNK_PACE));
        if (left.isPositive()) {
            try {
                sleeper.sleep(left);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while pacing the ingest", e);
            }
        }
    }

    /** Where a row carries the first reminder its item made due, until the chunk wakes the sender; never returned. */
    private static final String FIRST_DUE = "firstDue";

    private static Optional<Instant> earlier(Optional<Instant> a, Instant b) {
        return b == null ? a : a.filter(x -> x.isBefore(b)).or(() -> Optional.of(b));
    }

    static final String CREATED = "created";
    static final String DUPLICATE = "duplicate";
    static final String REJECTED = "rejected";
    /** Valid, but the database refused or failed a write; sent again, the item is completed (see {@link Cycles}). */
    static final String FAILED = "failed";

    private Map<String, Object> one(String tenantId, int index, BillingInput input, Result<ValidBilling> validation,
                                    FieldError batchDuplicate, Map<String, Contact> known, long rotation, BillingConfig config) {
        Map<String, Object> row = row(index, input, validation);
        if (!validation.isOk() || batchDuplicate != null) {
            return refused(row, validation, batchDuplicate);
        }
        ValidBilling billing = validation.value();
        Instant now = clock.instant();
        Cycle cycle = new Cycle(tenantId, UUID.randomUUID().toString(), billing.externalBillingId(), CycleStatus.ACTIVE,
                billing.customerName(), billing.phone(), billing.document().value(), billing.amount(), billing.dueDate(),
                billing.paymentLink(), billing.pixCode(), rotation, billing.hubsoftInvoiceId());
        boolean optedOut = known.containsKey(billing.phone()) && known.get(billing.phone()).optedOut();
        List<ScheduledReminder> schedule = ReminderScheduler.schedule(config.plan(), billing.dueDate(), config.sendTime(),
                config.hours(), config.holidays(), config.zone(), clock);
        List<ReminderMessage> cycleMessages = new ArrayList<>();
        for (int i = 0; i < schedule.size(); i++) {
            ScheduledReminder r = schedule.get(i);
            // An opted-out customer gets nothing: the cycle is kept (the bill is real) but no step is ever due.
            cycleMessages.add(new ReminderMessage(tenantId, cycle.cycleId(), r.step().name(), billing.phone(), r.sendAt(),
                    optedOut ? MessageStatus.CANCELLED : MessageStatus.PENDING, 0, 0, i == schedule.size() - 1, null,
                    optedOut ? ReminderMessages.OPTED_OUT : null));
        }
        Cycles.CreateOutcome outcome;
        try {
            outcome = cycles.create(cycle, cycleMessages, Optional.ofNullable(known.get(billing.phone())), now);
        } catch (RuntimeException e) {
            LOG.warn("billing {} (item {}) of tenant {} was not stored", billing.externalBillingId(), index, tenantId, e);
            return unstored(index, input, validation, null, e);
        }
        // A duplicate may be a cycle this call completed (its first ingest stopped midway): it wakes the sender too.
        cycleMessages.stream().filter(m -> m.status() == MessageStatus.PENDING).map(ReminderMessage::sendAt).min(Comparator.naturalOrder())
                .ifPresent(first -> row.put(FIRST_DUE, first));
        if (outcome instanceof Cycles.CreateOutcome.Duplicate d) {
            row.put("status", DUPLICATE);
            row.put("cycleId", d.existingCycleId());
            row.put("error", error(new FieldError("externalBillingId", "\"" + billing.externalBillingId()
                    + "\" already has an active cycle " + d.existingCycleId())));
            return row;
        }
        row.put("status", CREATED);
        row.put("cycleId", ((Cycles.CreateOutcome.Created) outcome).cycleId());
        if (optedOut) {
            row.put("note", "customer opted out: no reminder will be sent");
        }
        return row;
    }

    private static Map<String, Object> row(int index, BillingInput input, Result<ValidBilling> validation) {
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("index", index);
        row.put("externalBillingId", input.externalBillingId());
        if (validation.isOk()) {
            row.put("normalizedPhone", validation.value().phone());
        }
        return row;
    }

    /** An invalid item is rejected, a valid repeat of an earlier item in the batch is a duplicate. */
    private static Map<String, Object> refused(Map<String, Object> row, Result<ValidBilling> validation, FieldError batchDuplicate) {
        if (!validation.isOk()) {
            row.put("status", REJECTED);
            row.put("error", error(validation.error()));
            if (validation.errors().size() > 1) {
                row.put("errors", validation.errors().stream().map(BillingIngest::error).toList());
            }
        } else {
            row.put("status", DUPLICATE);
            row.put("error", error(batchDuplicate));
        }
        return row;
    }

    /** The row of an item whose write did not happen; invalid and duplicate items keep their own verdict. */
    private static Map<String, Object> unstored(int index, BillingInput input, Result<ValidBilling> validation,
                                                FieldError batchDuplicate, RuntimeException cause) {
        Map<String, Object> row = row(index, input, validation);
        if (!validation.isOk() || batchDuplicate != null) {
            return refused(row, validation, batchDuplicate);
        }
        row.put("status", FAILED);
        row.put("error", error(new FieldError("item", "not stored: the database refused the write (" + reason(cause)
                + "); send it again: the retry writes what is missing")));
        return row;
    }

    /** The service's own error code and message, never a Java type name. */
    private static String reason(RuntimeException e) {
        if (e instanceof AwsServiceException aws && aws.awsErrorDetails() != null) {
            return aws.awsErrorDetails().errorCode() + ": " + aws.awsErrorDetails().errorMessage();
        }
        return e instanceof SdkException ? "the database could not be reached" : "an unexpected error on our side";
    }

    private static Map<String, Object> join(Future<Map<String, Object>> future) {
        try {
            return future.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while ingesting", e);
        } catch (ExecutionException e) {
            throw e.getCause() instanceof RuntimeException r ? r : new IllegalStateException(e.getCause());
        }
    }

    private static Map<String, Object> ordered(Map<String, Object> row) {
        Map<String, Object> out = new LinkedHashMap<>();
        for (String key : List.of("index", "externalBillingId", "status", "cycleId", "normalizedPhone", "error", "errors", "note")) {
            if (row.containsKey(key)) {
                out.put(key, row.get(key));
            }
        }
        return out;
    }

    private static Map<String, Object> error(FieldError error) {
        Map<String, Object> e = new LinkedHashMap<>();
        e.put("field", error.field());
        e.put("message", error.message());
        return e;
    }
}
