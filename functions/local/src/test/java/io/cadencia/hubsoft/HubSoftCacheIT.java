package io.cadencia.hubsoft;

import io.cadencia.local.hubsoft.HubSoftSimulator;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.LocalDate;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class HubSoftCacheIT {

    static HubSoftHarness h;

    @BeforeAll
    static void start() {
        h = new HubSoftHarness(1000);
        h.sim.addClient("10682083681", "Maria da Silva", "37988242968", "servico_habilitado");
        h.sim.addClient("22233344405", "João Souza", "11987654321", "suspenso_debito");
        h.sim.addClient("33344455506", "Ana Lima", "21998765432", "servico_habilitado");
        h.sim.addInvoice("10682083681", 501, new BigDecimal("119.90"), LocalDate.of(2026, 11, 10), LocalDate.of(2026, 11, 9));
        h.sim.addInvoice("10682083681", 502, new BigDecimal("119.90"), LocalDate.of(2026, 12, 10), null);
    }

    @AfterAll
    static void stop() {
        h.close();
    }

    @Test
    void oneLookupServesFullDataAndContractStatusAndEachCategoryExpiresOnItsOwnTtl() {
        String tenant = h.configuredTenant();
        HubSoft lambda = h.container();
        h.sim.resetCounters();

        Cached<ClientInfo> full = lambda.clientInfo(tenant, "106.820.836-81", true, Priority.HIGH).orElseThrow();
        Cached<ClientInfo> status = lambda.clientInfo(tenant, "10682083681", false, Priority.HIGH).orElseThrow();
        assertThat(full.source()).isEqualTo(Cached.Source.HUBSOFT);
        assertThat(full.value().name()).isEqualTo("Maria da Silva");
        assertThat(status.source()).isEqualTo(Cached.Source.MEMORY);
        assertThat(status.value().contractStatus()).isEqualTo(ContractStatus.ACTIVE);
        assertThat(h.sim.requestCount(HubSoftSimulator.CLIENT_LOOKUP)).isEqualTo(1);

        // Another Lambda reads the shared level.
        assertThat(h.container().clientInfo(tenant, "10682083681", true, Priority.HIGH).orElseThrow().source()).isEqualTo(Cached.Source.SHARED);

        h.clock.advance(Duration.ofMinutes(31));
        assertThat(lambda.clientInfo(tenant, "10682083681", false, Priority.HIGH).orElseThrow().stale()).isFalse();
        assertThat(h.sim.requestCount(HubSoftSimulator.CLIENT_LOOKUP)).isEqualTo(1);
        lambda.clientInfo(tenant, "10682083681", true, Priority.HIGH);
        assertThat(h.sim.requestCount(HubSoftSimulator.CLIENT_LOOKUP)).as("CLIENT_DATA expired after 30 min").isEqualTo(2);

        h.clock.advance(Duration.ofHours(4));
        lambda.clientInfo(tenant, "10682083681", false, Priority.HIGH);
        assertThat(h.sim.requestCount(HubSoftSimulator.CLIENT_LOOKUP)).as("CONTRACT_STATUS expired after 4 h").isEqualTo(3);
    }

    @Test
    void configuredTtlsAreHonoured() {
        String tenant = h.configuredTenant();
        HubSoftConfig d = HubSoftConfig.defaults();
        HubSoftConfig shortStatus = new HubSoftConfig(d.rateLimit(), d.cache().withTtl(CacheCategory.CONTRACT_STATUS, Duration.ofMinutes(10)),
                d.retry(), d.requestTimeout(), d.leaseDuration(), d.leasePoll(), d.leasePolls(), d.maxLimiterWait(),
                d.memoryCacheSize(), d.memoryMaxAge(), d.ticketsPerPage(), d.clientsPerPage());
        HubSoft lambda = h.container(shortStatus);
        h.sim.resetCounters();
        lambda.clientInfo(tenant, "22233344405", false, Priority.HIGH);
        h.clock.advance(Duration.ofMinutes(11));
        assertThat(lambda.clientInfo(tenant, "22233344405", false, Priority.HIGH).orElseThrow().source()).isEqualTo(Cached.Source.HUBSOFT);
        assertThat(h.sim.requestCount(HubSoftSimulator.CLIENT_LOOKUP)).isEqualTo(2);
    }

    @Test
    void explicitInvalidationReachesHubSoftAgainAndStatsBecomeMetrics() {
        String tenant = h.configuredTenant();
        HubSoft lambda = h.container();
        h.sim.resetCounters();
        double savedBefore = h.metrics.total("hubsoft.cache.calls_saved");
        double missesBefore = h.metrics.total("hubsoft.cache.miss");
        lambda.clientInfo(tenant, "22233344405", true, Priority.HIGH);
        lambda.clientInfo(tenant, "22233344405", true, Priority.HIGH);
        lambda.invalidateClient(tenant, "22233344405");
        lambda.clientInfo(tenant, "22233344405", true, Priority.HIGH);

        assertThat(h.sim.requestCount(HubSoftSimulator.CLIENT_LOOKUP)).isEqualTo(2);
        assertThat(lambda.cache().stats().hits()).isEqualTo(1);
        assertThat(lambda.cache().stats().misses()).isEqualTo(2);
        assertThat(h.metrics.total("hubsoft.cache.calls_saved") - savedBefore).isEqualTo(1);
        assertThat(h.metrics.total("hubsoft.cache.miss") - missesBefore).isEqualTo(2);
    }

    @Test
    void theControlFunctionInvalidatesAClientForEveryLambda() throws Exception {
        String tenant = h.configuredTenant();
        HubSoft lambda = h.container();
        h.sim.resetCounters();
        lambda.clientInfo(tenant, "33344455506", false, Priority.HIGH);
        String answer = h.env.invoke("ControlFunction",
                "{\"action\":\"hubsoft-invalidate\",\"tenant\":\"" + tenant + "\",\"document\":\"33344455506\"}");
        assertThat(answer).contains("INVALIDATED");
        // Another container reads the shared level, where the entry is gone.
        assertThat(h.container().clientInfo(tenant, "33344455506", false, Priority.HIGH).orElseThrow().source()).isEqualTo(Cached.Source.HUBSOFT);
        assertThat(h.sim.requestCount(HubSoftSimulator.CLIENT_LOOKUP)).isEqualTo(2);
    }

    @Test
    void theMemoryLevelIsLruBoundedAndCountsEvictions() {
        String tenant = h.configuredTenant();
        HubSoftConfig d = HubSoftConfig.defaults();
        HubSoft lambda = h.container(new HubSoftConfig(d.rateLimit(), d.cache(), d.retry(), d.requestTimeout(), d.leaseDuration(),
                d.leasePoll(), d.leasePolls(), d.maxLimiterWait(), 2, d.memoryMaxAge(), d.ticketsPerPage(), d.clientsPerPage()));
        lambda.clientInfo(tenant, "10682083681", true, Priority.HIGH);
        lambda.clientInfo(tenant, "22233344405", true, Priority.HIGH);
        lambda.clientInfo(tenant, "33344455506", true, Priority.HIGH);
        assertThat(lambda.cache().stats().evictions()).isGreaterThanOrEqualTo(1);
        assertThat(h.metrics.total("hubsoft.cache.eviction")).isGreaterThanOrEqualTo(1);
    }

    @Test
    void whenHubSoftIsDownAStaleEntryIsServedFlaggedInsteadOfFailing() {
        String tenant = h.configuredTenant();
        HubSoft lambda = h.container();
        lambda.clientInfo(tenant, "33344455506", true, Priority.HIGH);
        h.clock.advance(Duration.ofHours(1));
        h.sim.goDown(HubSoftSimulator.Outage.REFUSE_CONNECTIONS);
        try {
            Cached<ClientInfo> stale = h.container().clientInfo(tenant, "33344455506", true, Priority.HIGH).orElseThrow();
            assertThat(stale.stale()).isTrue();
            assertThat(stale.value().name()).isEqualTo("Ana Lima");
            assertThatThrownBy(() -> lambda.clientInfo(tenant, "10682083681", true, Priority.HIGH))
                    .as("nothing cached: the outage is reported").isInstanceOf(HubSoftUnavailableException.class);
        } finally {
            h.sim.comeBack();
        }
        assertThat(lambda.clientInfo(tenant, "33344455506", true, Priority.HIGH).orElseThrow().stale()).isFalse();
    }

    @Test
    void aCheckupDuringAnOutageReportsTheLastKnownStatusesFlaggedStale() {
        String tenant = h.configuredTenant();
        HubSoft lambda = h.container();
        List<String> documents = List.of("10682083681", "22233344405", "33344455506");
        assertThat(lambda.contractStatuses(tenant, documents, Priority.LOW).found()).hasSize(3);
        h.clock.advance(Duration.ofHours(5));
        h.sim.goDown(HubSoftSimulator.Outage.SERVICE_UNAVAILABLE);
        try {
            HubSoft.StatusRead read = h.container().contractStatuses(tenant, documents, Priority.LOW);
            assertThat(read.found().values()).hasSize(3).allMatch(Cached::stale);
            assertThat(read.found().get("22233344405").value().contractStatus()).isEqualTo(ContractStatus.SUSPENDED);
        } finally {
            h.sim.comeBack();
        }
    }

    @Test
    void businessErrorsAreTypedAndNotCached() {
        String tenant = h.configuredTenant();
        HubSoft lambda = h.container();
        h.sim.businessErrorNext(1);
        assertThatThrownBy(() -> lambda.clientInfo(tenant, "10682083681", true, Priority.HIGH))
                .isInstanceOfSatisfying(HubSoftBusinessError.class, e -> {
                    assertThat(e.msg()).isEqualTo("Favor preencher os campos obrigatórios.");
                    assertThat(e.errors()).containsExactly("O campo termo_busca é obrigatório.");
                });
        assertThat(lambda.clientInfo(tenant, "10682083681", true, Priority.HIGH).orElseThrow().source()).isEqualTo(Cached.Source.HUBSOFT);
    }

    @Test
    void unknownClientsAreEmptyAndInvoiceStatusIsCheckedCacheFirst() {
        String tenant = h.configuredTenant();
        HubSoft lambda = h.container();
        assertThat(lambda.clientInfo(tenant, "99999999999", true, Priority.HIGH)).isEmpty();

        h.sim.resetCounters();
        InvoiceStatusChecker checker = new InvoiceStatusChecker(lambda);
        BigDecimal amount = new BigDecimal("119.9");
        assertThat(checker.isPaid(tenant, "10682083681", 501L, LocalDate.of(2026, 11, 10), amount)).isTrue();
        assertThat(checker.isPaid(tenant, "10682083681", null, LocalDate.of(2026, 12, 10), amount)).isFalse();
        assertThat(checker.isPaid(tenant, "10682083681", 501L, LocalDate.of(2026, 11, 10), amount)).isTrue();
        assertThat(h.sim.requestCount(HubSoftSimulator.INVOICES)).as("one request per due-date window, then cached").isEqualTo(2);
        assertThat(checker.isPaid("tenant-without-hubsoft", "10682083681", 501L, LocalDate.of(2026, 11, 10), amount)).isFalse();
        List<Invoice> invoices = lambda.invoices(tenant, "10682083681", LocalDate.of(2026, 11, 10), Priority.HIGH).orElseThrow().value();
        assertThat(invoices).extracting(Invoice::dueDate).contains(LocalDate.of(2026, 11, 10));
    }
}
