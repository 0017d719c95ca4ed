package io.cadencia.hubsoft;

import com.fasterxml.jackson.databind.JavaType;
import io.cadencia.aws.Json;
import io.cadencia.billing.TaxIds;
import io.cadencia.observability.MetricsSink;
import io.cadencia.retry.Jitter;
import io.cadencia.retry.Sleeper;
import io.cadencia.secrets.SecretNames;
import io.cadencia.secrets.TenantKeys;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;

import java.net.http.HttpClient;
import java.time.Clock;
import java.time.LocalDate;
import java.time.temporal.TemporalAdjusters;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;

/**
 * The HubSoft integration of one container: cache-first answers over {@link HubSoftClient}.
 *
 * <p>Client lookups: one request answers both the full client (CLIENT_DATA, 30 min) and its contract status
 * (CONTRACT_STATUS, 4 h), so both entries are stored whichever was asked. When the tenant's whole client base is
 * known to fit in one page of {@code cliente/todos}, a miss sweeps that page instead of looking up one client:
 * the same single request then refreshes every client (the base size is learnt by the daily checkup's sweep).
 * Only one Lambda sweeps at a time (the sweep lease, {@link SharedTable}); the others wait and read the cache.
 */
public final class HubSoft {

    private static final JavaType CLIENT = Json.MAPPER.constructType(ClientInfo.class);
    private static final JavaType INVOICES = Json.MAPPER.getTypeFactory().constructCollectionType(List.class, Invoice.class);
    private static final JavaType INTEGER = Json.MAPPER.constructType(Integer.class);
    private static final String BASE_SIZE_KEY = "client-base-size";

    private final HubSoftConfig config;
    private final HubSoftAccounts accounts;
    private final HubSoftClient client;
    private final HubSoftCache cache;
    private final DynamoLease lease;
    private final Clock clock;
    private final Sleeper leaseWait;
    private final Supplier<String> owner;

    public HubSoft(HubSoftConfig config, HubSoftAccounts accounts, HubSoftClient client, HubSoftCache cache, DynamoLease lease,
                   Clock clock, Sleeper leaseWait, Supplier<String> owner) {
        this.config = config;
        this.accounts = accounts;
        this.client = client;
        this.cache = cache;
        this.lease = lease;
        this.clock = clock;
        this.leaseWait = leaseWait;
        this.owner = owner;
    }

    /**
     * Everything of one container wired together.
     *
     * @param clockSleeper how to wait for the rate limit and for backoff: Thread.sleep in Lambda, clock advance in simulations
     * @param owner        the container's identity as a lease owner, read at each lease (a SnapStart restore renews it)
     */
    public static HubSoft create(HubSoftConfig config, DynamoDbClient dynamo, SecretsManagerClient secretsClient, SecretNames secretNames, TenantKeys keys,
                                 String sharedTable, HttpClient http, Clock clock, MetricsSink metrics, Sleeper clockSleeper,
                                 Supplier<String> owner) {
        HubSoftAccounts accounts = new HubSoftAccounts(keys);
        DynamoLease lease = new DynamoLease(dynamo, sharedTable);
        DynamoRateLimiter limiter = new DynamoRateLimiter(dynamo, sharedTable, config.rateLimit(), clock, clockSleeper,
                config.maxLimiterWait(), metrics);
        TokenManager tokens = new TokenManager(http, secretsClient, secretNames, accounts, lease, limiter, config, clock, Sleeper.REAL, metrics, owner);
        HubSoftClient client = new HubSoftClient(http, accounts, tokens, limiter, config, clockSleeper, Jitter.SHARED, metrics);
        HubSoftCache cache = new HubSoftCache(dynamo, sharedTable, config.cache(), config.memoryCacheSize(), config.memoryMaxAge(), clock, metrics);
        return new HubSoft(config, accounts, client, cache, lease, clock, Sleeper.REAL, owner);
    }

    public boolean configured(String tenantId) {
        return accounts.configured(tenantId);
    }

    public HubSoftClient client() {
        return client;
    }

    public HubSoftCache cache() {
        return cache;
    }

    public HubSoftConfig config() {
        return config;
    }

    /**
     * The client with that CPF/CNPJ, cache-first: {@code full} needs the complete record (30 min), otherwise the
     * contract status is enough (4 h). Empty when HubSoft does not know the document.
     */
    public Optional<Cached<ClientInfo>> clientInfo(String tenantId, String document, boolean full, Priority priority) {
        CacheCategory category = full ? CacheCategory.CLIENT_DATA : CacheCategory.CONTRACT_STATUS;
        String key = digits(document);
        return cache.get(tenantId, category, key, CLIENT, () -> fetchClient(tenantId, key, category, priority));
    }

    /**
     * The client's invoices due around {@code dueDate}, cache-first (INVOICES): those due from the first day of the
     * previous month to the last day of the next. Calendar-aligned, so every bill of a customer in the same month
     * shares one cached answer.
     */
    public Optional<Cached<List<Invoice>>> invoices(String tenantId, String document, LocalDate dueDate, Priority priority) {
        String normalized = TaxIds.normalize(document);
        return cache.get(tenantId, CacheCategory.INVOICES, invoiceKey(normalized, dueDate), INVOICES,
                () -> client.invoices(tenantId, normalized, windowStart(dueDate), windowEnd(dueDate), priority));
    }

    private static LocalDate windowStart(LocalDate dueDate) {
        return dueDate.minusMonths(1).withDayOfMonth(1);
    }

    private static LocalDate windowEnd(LocalDate dueDate) {
        return dueDate.plusMonths(1).with(TemporalAdjusters.lastDayOfMonth());
    }

    private static String invoiceKey(String document, LocalDate dueDate) {
        return document + "#" + windowStart(dueDate) + ".." + windowEnd(dueDate);
    }

    /**
     * Explicit invalidation, e.g. after a change made in HubSoft on the client's behalf. Invoice lists are cached per
     * due-date window ({@link #invoices}); reminders are about bills due near today, so the windows of bills due from
     * three months back to three months ahead are dropped.
     */
    public void invalidateClient(String tenantId, String document) {
        String key = digits(document);
        for (CacheCategory category : List.of(CacheCategory.CLIENT_DATA, CacheCategory.CONTRACT_STATUS)) {
            cache.invalidate(tenantId, category, key);
        }
        LocalDate today = LocalDate.now(clock);
        for (int month = -3; month <= 3; month++) {
            cache.invalidate(tenantId, CacheCategory.INVOICES, invoiceKey(key, today.plusMonths(month)));
        }
    }

    /** Result of a checkup-style status read of many clients. */
    public record StatusRead(Map<String, Cached<ClientInfo>> found, Set<String> unknown, int fromCache, int hubsoftRequests) {
    }

    /**
     * Contract status of many clients (seed 003 §6), cache-first. The misses are then swept from {@code cliente/todos}
     * when that costs fewer requests than looking each one up (never more pages than misses); what the sweep did not
     * find is looked up one by one.
     */
    public StatusRead contractStatuses(String tenantId, Collection<String> documents, Priority priority) {
        Map<String, Cached<ClientInfo>> found = new LinkedHashMap<>();
        Set<String> missing = new LinkedHashSet<>();
        for (String document : documents) {
            String key = digits(document);
            cache.<ClientInfo>fresh(tenantId, CacheCategory.CONTRACT_STATUS, key, CLIENT).ifPresentOrElse(
                    hit -> found.put(key, hit), () -> missing.add(key));
        }
        int fromCache = found.size();
        int requests = 0;
        if (missing.size() > 1) {
            Sweep sweep;
            try {
                sweep = sweep(tenantId, missing, missing.size(), priority);
            } catch (HubSoftUnavailableException down) {
                return staleOrFail(tenantId, found, missing, fromCache, down);
            }
            requests += sweep.pages();
            sweep.clients().forEach((doc, info) -> {
                if (missing.remove(doc)) {
                    found.put(doc, new Cached<>(info, Cached.Source.HUBSOFT, clock.instant(), false));
                }
            });
        }
        Set<String> unknown = new LinkedHashSet<>();
        for (String key : missing) {
            Optional<Cached<ClientInfo>> info = clientInfo(tenantId, key, false, priority);
            if (info.map(c -> c.source() == Cached.Source.HUBSOFT || c.stale()).orElse(true)) {
                requests++;
            }
            info.ifPresentOrElse(c -> found.put(key, c), () -> unknown.add(key));
        }
        return new StatusRead(found, unknown, fromCache, requests);
    }

    /** HubSoft is down: the last known status of every miss, flagged stale; fails only if none is known at all. */
    private StatusRead staleOrFail(String tenantId, Map<String, Cached<ClientInfo>> found, Set<String> missing, int fromCache,
                                   HubSoftUnavailableException down) {
        Set<String> unknown = new LinkedHashSet<>();
        for (String key : missing) {
            cache.<ClientInfo>lastKnown(tenantId, CacheCategory.CONTRACT_STATUS, key, CLIENT)
                    .ifPresentOrElse(c -> found.put(key, new Cached<>(c.value(), c.source(), c.storedAt(), true)), () -> unknown.add(key));
        }
        if (unknown.size() == missing.size()) {
            throw down;
        }
        return new StatusRead(found, unknown, fromCache, 0);
    }

    private record Sweep(Map<String, ClientInfo> clients, int pages) {
    }

    /** Reads pages of every client until all wanted documents were seen, the last page, or {@code maxPages}; caches all. */
    private Sweep sweep(String tenantId, Set<String> wanted, int maxPages, Priority priority) {
        Map<String, ClientInfo> clients = new HashMap<>();
        Set<String> pending = new LinkedHashSet<>(wanted);
        int page = 0;
        int pages = 0;
        while (pages < maxPages) {
            Page<ClientInfo> result = client.allClients(tenantId, page, config.clientsPerPage(), priority);
            pages++;
            Map<String, ClientInfo> byDocument = new HashMap<>();
            for (ClientInfo info : result.items()) {
                if (info.document() != null) {
                    byDocument.put(digits(info.document()), info);
                }
            }
            cache.putAll(tenantId, CacheCategory.CLIENT_DATA, byDocument);
            cache.putAll(tenantId, CacheCategory.CONTRACT_STATUS, byDocument);
            cache.put(tenantId, CacheCategory.SERVICE_DATA, BASE_SIZE_KEY, result.total());
            clients.putAll(byDocument);
            pending.removeAll(byDocument.keySet());
            if (pending.isEmpty() || !result.hasNext()) {
                break;
            }
            page++;
        }
        return new Sweep(clients, pages);
    }

    private ClientInfo fetchClient(String tenantId, String document, CacheCategory asked, Priority priority) {
        if (baseFitsOnePage(tenantId)) {
            Optional<ClientInfo> swept = sweepOnce(tenantId, document, asked, priority);
            if (swept != null) {
                return swept.orElse(null);
            }
        }
        Optional<ClientInfo> info = client.clientInfo(tenantId, document, priority);
        // One request answered both questions: store the category that was not asked too.
        info.ifPresent(i -> cache.put(tenantId, asked == CacheCategory.CLIENT_DATA ? CacheCategory.CONTRACT_STATUS : CacheCategory.CLIENT_DATA, document, i));
        return info.orElse(null);
    }

    /**
     * One page holds every client, so sweeping costs the same single request as a lookup. Returns null when another
     * Lambda's sweep did not produce the client in time (the caller then looks it up itself).
     */
    private Optional<ClientInfo> sweepOnce(String tenantId, String document, CacheCategory asked, Priority priority) {
        Map<String, AttributeValue> leaseKey = SharedTable.sweepLease(tenantId);
        String me = owner.get();
        for (int poll = 0; poll < config.leasePolls(); poll++) {
            if (lease.tryAcquire(leaseKey, me, clock.instant(), config.leaseDuration())) {
                try {
                    Optional<Cached<ClientInfo>> meanwhile = cache.fresh(tenantId, asked, document, CLIENT);
                    if (meanwhile.isPresent()) {
                        return Optional.of(meanwhile.get().value());
                    }
                    return Optional.ofNullable(sweep(tenantId, Set.of(document), 1, priority).clients().get(document));
                } finally {
                    lease.release(leaseKey, me);
                }
            }
            try {
                leaseWait.sleep(config.leasePoll());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return null;
            }
            Optional<Cached<ClientInfo>> swept = cache.fresh(tenantId, asked, document, CLIENT);
            if (swept.isPresent()) {
                return Optional.of(swept.get().value());
            }
        }
        return null;
    }

    private boolean baseFitsOnePage(String tenantId) {
        // The base size only changes with sign-ups, so the last known value is good enough even past its TTL.
        return cache.<Integer>lastKnown(tenantId, CacheCategory.SERVICE_DATA, BASE_SIZE_KEY, INTEGER)
                .map(size -> size.value() <= config.clientsPerPage()).orElse(false);
    }

    private static String digits(String document) {
        return TaxIds.normalize(document);
    }
}
