package io.cadencia.app;

import com.github.benmanes.caffeine.cache.Ticker;
import io.cadencia.aws.AwsClients;
import io.cadencia.catalogue.Catalogue;
import io.cadencia.catalogue.TemplateCatalogue;
import io.cadencia.claim.DynamoClaims;
import io.cadencia.config.RuntimeConfig;
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
import io.cadencia.secrets.SecretStore;
import io.cadencia.tenant.CachingTenantDirectory;
import io.cadencia.tenant.DynamoTenantDirectory;
import io.cadencia.tenant.TenantDirectory;
import io.cadencia.tenant.TenantScope;
import io.cadencia.work.JobRegistry;
import io.cadencia.work.RunLedger;
import io.cadencia.work.Worker;
import io.cadencia.retry.Sleeper;

import java.net.http.HttpClient;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneId;
import java.util.UUID;
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
    private final AwsClients aws;
    private final Clock clock;
    private final MetricsSink metrics;
    private final String instanceId;
    private final Catalogue catalogue;
    private final TenantDirectory tenants;
    private final DynamoClaims claims;
    private final DispatchPorts.Controls controls;
    private final RunLedger runs;
    private final SqsWorkQueue queue;
    private final SecretStore secrets;
    private final HttpClient http;
    private final Dispatcher dispatcher;
    private final JobRegistry registry;
    private final Sleeper sleeper;
    private final ExecutorService groups;
    private volatile HubSoft hubsoft;

    /** A worker batch holds at most 10 messages, so at most 10 tenant groups run at once. */
    private static final ExecutorService SHARED_GROUPS = Executors.newFixedThreadPool(10, r -> {
        Thread t = new Thread(r, "worker-group");
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
        this.sleeper = sleeper;
        this.groups = groups;
        this.config = config;
        this.aws = aws;
        this.clock = clock;
        this.metrics = metrics;
        this.instanceId = instanceId;
        this.catalogue = TemplateCatalogue.fromClasspath();
        this.tenants = new CachingTenantDirectory(new DynamoTenantDirectory(aws.dynamo(), config.tenantsTable()),
                config.duration("TENANT_CACHE_TTL", Duration.ofSeconds(30)), ticker(clock));
        this.claims = new DynamoClaims(aws.dynamo());
        this.controls = new DynamoControls(aws.dynamo(), config.tenantsTable());
        this.runs = new DynamoRunLedger(aws.dynamo(), claims, config.runsTable(), config.runRetention());
        this.queue = new SqsWorkQueue(aws.sqs(), config);
        this.secrets = new SecretStore(aws.secrets(), config.duration("SECRET_CACHE_TTL", Duration.ofMinutes(5)), ticker(clock));
        this.http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(3)).version(HttpClient.Version.HTTP_1_1).build();
        this.dispatcher = new Dispatcher(new DynamoTickLedger(claims, config.runsTable(), config.runRetention(), instanceId),
                controls, tenants, queue, clock);
        EndpointJob endpointJob = new EndpointJob(http, secrets,
                config.duration("ENDPOINT_TIMEOUT", Duration.ofSeconds(10)),
                Integer.parseInt(config.optional("ENDPOINT_MAX_RETRIES").orElse("2")),
                config.duration("ENDPOINT_FIRST_BACKOFF", Duration.ofMillis(200)), sleeper);
        this.registry = new JobRegistry(BuiltInJobs.create(this), endpointJob);
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
                            new EmfMetricsSink(config.optional("POWERTOOLS_METRICS_NAMESPACE").orElse("Cadencia")),
                            "lambda-" + UUID.randomUUID());
                    fromEnvironment = app;
                }
            }
        }
        return app;
    }

    /** A worker whose claims carry {@code workerId} as the lease owner. */
    public Worker worker(String workerId) {
        return new Worker(catalogue, tenants, runs, registry, clock, workerId,
                config.duration("RUN_LEASE", Duration.ofMinutes(5)), metrics);
    }

    /** The work table as one tenant sees it: built-in jobs reach tenant data only through this. */
    public TenantScope workOf(String tenantId) {
        return new TenantScope(aws.dynamo(), config.workTable(), tenantId);
    }

    private static Ticker ticker(Clock clock) {
        return () -> clock.millis() * 1_000_000L;
    }

    public RuntimeConfig config() {
        return config;
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

    public String instanceId() {
        return instanceId;
    }

    public Catalogue catalogue() {
        return catalogue;
    }

    public TenantDirectory tenants() {
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

    public SecretStore secrets() {
        return secrets;
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
        HubSoft built = hubsoft;
        if (built == null) {
            synchronized (this) {
                built = hubsoft;
                if (built == null) {
                    built = HubSoft.create(HubSoftConfig.from(config), aws.dynamo(), aws.secrets(), secrets, config.sharedTable(),
                            http, clock, metrics, sleeper, instanceId);
                    hubsoft = built;
                }
            }
        }
        return built;
    }
}
