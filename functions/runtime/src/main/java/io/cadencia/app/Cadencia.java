package io.cadencia.app;

import com.github.benmanes.caffeine.cache.Ticker;
import io.cadencia.alerts.OperationsMonitor;
import io.cadencia.aws.AwsClients;
import io.cadencia.catalogue.Catalogue;
import io.cadencia.catalogue.TemplateCatalogue;
import io.cadencia.claim.DynamoClaims;
import io.cadencia.config.FunctionSettings;
import io.cadencia.config.RuntimeConfig;
import io.cadencia.billing.Billing;
import io.cadencia.billing.MessageSender;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import io.cadencia.dispatch.DispatchPorts;
import io.cadencia.dispatch.Dispatcher;
import io.cadencia.dispatch.DynamoControls;
import io.cadencia.dispatch.SqsWorkQueue;
import io.cadencia.endpoint.EndpointJob;
import io.cadencia.hubsoft.HubSoft;
import io.cadencia.hubsoft.HubSoftConfig;
import io.cadencia.observability.EmfMetricsSink;
import io.cadencia.observability.MetricsSink;
import io.cadencia.runs.DynamoRunLedger;
import io.cadencia.runs.DynamoTickLedger;
import io.cadencia.secrets.TenantKeys;
import io.cadencia.tenant.CachingTenantDirectory;
import io.cadencia.tenant.DynamoTenantDirectory;
import io.cadencia.tenant.TenantDirectory;
import io.cadencia.dispatch.TenantSlots;
import io.cadencia.tenant.TenantScope;
import io.cadencia.work.JobRegistry;
import io.cadencia.work.RunLedger;
import io.cadencia.work.Worker;
import io.cadencia.worktable.DynamoWakeIndex;
import io.cadencia.retry.Jitter;
import io.cadencia.retry.Sleeper;
import io.cadencia.observability.InMemoryMetricsSink;

import java.net.http.HttpClient;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneId;
import java.util.List;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * The composition root: wires domain services to their adapters once per container. Lambda builds it from the
 * environment; the local runner and tests build it against the embedded stack with their own clock.
 */
public final class Cadencia {

    public static final ZoneId ZONE = ZoneId.of("America/Sao_Paulo");

    private static volatile Cadencia fromEnvironment;

    private final RuntimeConfig config;
    private final FunctionSettings settings;
    private final AwsClients aws;
    private final Clock clock;
    private final MetricsSink metrics;
    private final InstanceId instanceId;
    private final Catalogue catalogue;
    private final TenantSlots tenants;
    private final DynamoClaims claims;
    private final DispatchPorts.Controls controls;
    private final RunLedger runs;
    private final SqsWorkQueue queue;
    private final TenantKeys tenantKeys;
    private final HttpClient http;
    private final Dispatcher dispatcher;
    private final JobRegistry registry;
    private final Sleeper sleeper;
    private final ExecutorService groups;
    private final Function<String, TenantScope> work;
    private final Lazy<HubSoft> hubsoft;
    private final Billing billing;
    private final MessageSender sender;
    private final OperationsMonitor operations;

    /** A worker batch holds at most 10 messages, so at most 10 tenant groups run at once. */
    private static final ExecutorService SHARED_GROUPS = Executors.newFixedThreadPool(10, r -> {
        Thread t = new Thread(r, "worker-group");
        t.setDaemon(true);
        return t;
    });

    /**
     * Where a dispatcher's SendMessageBatch calls run: one tick's calls side by side, {@link SqsWorkQueue#CONCURRENCY}
     * at most, shared by every composition root of the JVM (a Lambda container runs one invocation at a time).
     */
    private static final ExecutorService SHARED_SENDS = Executors.newFixedThreadPool(SqsWorkQueue.CONCURRENCY, r -> {
        Thread t = new Thread(r, "sqs-send");
        t.setDaemon(true);
        return t;
    });

    /** Lambda's composition root: pauses are real. */
    public Cadencia(RuntimeConfig config, AwsClients aws, Clock clock, MetricsSink metrics, String instanceId) {
        this(config, aws, clock, metrics, instanceId, Sleeper.REAL);
    }

    /**
     * @param sleeper how every pause is taken (send gaps, rate-limit waits, backoffs): real time in Lambda, a move
     *                of the simulated clock in the local runner, so production pacing costs no wall time there
     */
    public Cadencia(RuntimeConfig config, AwsClients aws, Clock clock, MetricsSink metrics, String instanceId, Sleeper sleeper) {
        this(config, aws, clock, metrics, instanceId, sleeper, SHARED_GROUPS);
    }

    /**
     * @param groups where a worker batch runs its tenants' message groups: side by side in Lambda; one at a time
     *               under a simulated clock, whose pauses of parallel groups would add up instead of overlapping and
     *               make deadlines meaningless
     */
    public Cadencia(RuntimeConfig config, AwsClients aws, Clock clock, MetricsSink metrics, String instanceId, Sleeper sleeper,
                    ExecutorService groups) {
        this(config, aws, clock, metrics, InstanceId.of(instanceId), sleeper, groups);
    }

    /** @param instanceId the container's identity, renewed by {@link #restorables()} after a SnapStart restore */
    public Cadencia(RuntimeConfig config, AwsClients aws, Clock clock, MetricsSink metrics, InstanceId instanceId, Sleeper sleeper,
                    ExecutorService groups) {
        this.sleeper = sleeper;
        this.groups = groups;
        this.config = config;
        // Parsed and checked once: a bad variable stops the cold start, naming it.
        this.settings = FunctionSettings.from(config);
        this.aws = aws;
        this.clock = clock;
        this.metrics = metrics;
        this.instanceId = instanceId;
        this.catalogue = TemplateCatalogue.fromClasspath();
        FunctionSettings.Tables tables = settings.tables();
        DynamoWakeIndex wake = new DynamoWakeIndex(aws.dynamo(), tables.work(), Set.of(MessageSender.JOB));
        this.tenants = new TenantSlots(new CachingTenantDirectory(new DynamoTenantDirectory(aws.dynamo(), tables.tenants()),
                settings.caches().tenants(), ticker(clock)), catalogue, wake, clock);
        this.claims = new DynamoClaims(aws.dynamo());
        this.controls = new DynamoControls(aws.dynamo(), tables.tenants());
        DynamoRunLedger ledger = new DynamoRunLedger(aws.dynamo(), claims, tables.runs(), settings.runRetention());
        this.runs = ledger;
        this.queue = new SqsWorkQueue(aws.sqs(), config, SHARED_SENDS);
        this.tenantKeys = TenantKeys.forContainer(aws.dynamo(), aws.kms(), settings, clock);
        this.http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(3)).version(HttpClient.Version.HTTP_1_1).build();
        this.dispatcher = new Dispatcher(new DynamoTickLedger(aws.dynamo(), claims, tables.runs(), settings.runRetention(), instanceId),
                controls, tenants, wake, queue, clock);
        DynamoDbClient dynamo = aws.dynamo();
        this.work = tenantId -> new TenantScope(dynamo, tables.work(), tenantId);
        TenantKeys keyStore = tenantKeys;
        HttpClient httpClient = http;
        // Built on first use: functions that never talk to HubSoft never build it.
        HubSoftConfig hubsoftConfig = settings.hubsoft();
        this.hubsoft = new Lazy<>(() -> HubSoft.create(hubsoftConfig, dynamo, aws.secrets(), settings.keys().secrets(), keyStore, tables.shared(),
                httpClient, clock, metrics, sleeper, instanceId));
        this.billing = Billing.of(work, claims, sleeper, clock);
        this.sender = new MessageSender(billing, tenantKeys, hubsoft, metrics, clock, sleeper, settings.sending());
        FunctionSettings.Endpoint endpoint = settings.endpoint();
        EndpointJob endpointJob = new EndpointJob(http, tenantKeys, endpoint.timeout(), endpoint.maxRetries(), endpoint.firstBackoff(), sleeper);
        this.registry = new JobRegistry(BuiltInJobs.create(sender, hubsoft, work, billing.messages(), tenants, metrics, clock,
                endpointJob, ledger, tenantKeys), endpointJob);
        this.operations = new OperationsMonitor(catalogue, ledger, ledger.operationsIncidents(), metrics, clock);
    }

    /** The container's instance, built on first use from the Lambda environment. */
    public static Cadencia fromEnvironment() {
        Cadencia app = fromEnvironment;
        if (app == null) {
            synchronized (Cadencia.class) {
                app = fromEnvironment;
                if (app == null) {
                    RuntimeConfig config = RuntimeConfig.fromSystem();
                    app = new Cadencia(config, AwsClients.fromEnvironment(), Clock.system(ZONE),
                            new EmfMetricsSink(FunctionSettings.from(config).metricsNamespace()), InstanceId.random("lambda-"),
                            Sleeper.REAL, SHARED_GROUPS);
                    SnapshotHooks.global().addAll(app.restorables());
                    fromEnvironment = app;
                }
            }
        }
        return app;
    }

    /**
     * What a SnapStart snapshot of this container needs. Before it: the real clients' one cheap call (see
     * {@link Priming#touchAws}) and Jackson. After each restore: a new instance id, since every container restored
     * from the snapshot starts with the one drawn at init and leases are released by owner; and new jitter seeds,
     * or restored containers would retry in lockstep. Connections and credentials need nothing here (see
     * {@link Priming}).
     */
    public List<Restorable> restorables() {
        return List.of(
                Restorable.beforeSnapshot(() -> Priming.touchAws(aws, settings.tables().tenants())),
                Restorable.beforeSnapshot(Priming::jackson),
                Restorable.afterEachRestore(instanceId::renew),
                Restorable.afterEachRestore(Jitter.SHARED::reseed));
    }

    /**
     * A composition root for priming a handler's request path before the snapshot: this one's configuration and
     * clock, but AWS clients whose calls never leave the JVM (every call succeeds with an empty answer, see
     * {@link Priming}), in-memory metrics and its own caches. A synthetic request run on it loads and links the
     * classes and warms the code the first real request needs, and cannot touch real data.
     */
    public Cadencia primingRoot() {
        return new Cadencia(config, Priming.offlineClients(aws), clock, new InMemoryMetricsSink(), InstanceId.of("priming"),
                sleeper, groups);
    }

    /** A worker whose claims carry {@code workerId} as the lease owner. */
    public Worker worker(String workerId) {
        return new Worker(catalogue, tenants, runs, registry, clock, workerId, settings.runs().lease(), metrics);
    }

    /** The work table as one tenant sees it: built-in jobs reach tenant data only through this. */
    public TenantScope workOf(String tenantId) {
        return work.apply(tenantId);
    }

    /** The billing repositories, each reaching tenant data through {@link #workOf}. */
    public Billing billing() {
        return billing;
    }

    /** The operators' check of every job's runs, run by the dispatcher after each tick of {@code verificar_alertas}. */
    public OperationsMonitor operations() {
        return operations;
    }

    /** The reminder sender ({@code processar_mensagens_agendadas}), also asked for its planned rate by status. */
    public MessageSender sender() {
        return sender;
    }

    private static Ticker ticker(Clock clock) {
        return () -> clock.millis() * 1_000_000L;
    }

    /** The raw environment: queue URLs by category and what the local runner inspects. */
    public RuntimeConfig config() {
        return config;
    }

    public FunctionSettings settings() {
        return settings;
    }

    public AwsClients aws() {
        return aws;
    }

    public Clock clock() {
        return clock;
    }

    public MetricsSink metrics() {
        return metrics;
    }

    public Sleeper sleeper() {
        return sleeper;
    }

    public ExecutorService groups() {
        return groups;
    }

    /** The container's identity now (a SnapStart restore renews it). */
    public String instanceId() {
        return instanceId.get();
    }

    public Catalogue catalogue() {
        return catalogue;
    }

    public TenantSlots tenants() {
        return tenants;
    }

    public DynamoClaims claims() {
        return claims;
    }

    public DispatchPorts.Controls controls() {
        return controls;
    }

    public RunLedger runs() {
        return runs;
    }

    public SqsWorkQueue queue() {
        return queue;
    }

    /** Tenants' static keys (endpoint, Evolution, HubSoft), sealed in the tenants table. */
    public TenantKeys tenantKeys() {
        return tenantKeys;
    }

    public HttpClient http() {
        return http;
    }

    public Dispatcher dispatcher() {
        return dispatcher;
    }

    public JobRegistry registry() {
        return registry;
    }

    /** The container's HubSoft integration, built on first use (functions that never talk to HubSoft skip it). */
    public HubSoft hubsoft() {
        return hubsoft.get();
    }

    /** The same, not built yet: for what may or may not need it. */
    public Supplier<HubSoft> hubsoftOnFirstUse() {
        return hubsoft;
    }
}
