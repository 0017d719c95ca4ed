package io.cadencia.hubsoft;

import io.cadencia.local.hubsoft.HubSoftSimulator;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** What HubSoft documents, seen through the real client against the (documented-behaviour) simulator. */
class HubSoftVendorBehaviourIT {

    static HubSoftHarness h;

    @BeforeAll
    static void start() {
        h = new HubSoftHarness(1000);
    }

    @AfterAll
    static void stop() {
        h.close();
    }

    @Test
    void cancelledAndInactiveClientsAreFoundByTheLookup() {
        String tenant = h.configuredTenant();
        HubSoft lambda = h.container();
        h.sim.addClient("52998224725", "Cancelado", "37988242968", "cancelado");
        h.sim.addClient("11144477735", "Inativo", "37988242969", "servico_habilitado");
        h.sim.setClientInactive("11144477735");

        assertThat(lambda.clientInfo(tenant, "529.982.247-25", true, Priority.HIGH)).get()
                .satisfies(c -> assertThat(c.value().contractStatus()).isEqualTo(ContractStatus.CANCELLED));
        assertThat(lambda.clientInfo(tenant, "11144477735", true, Priority.HIGH)).isPresent();
    }

    @Test
    void theDailyCheckupSweepFindsTheClientsOfPageZero() {
        String tenant = h.configuredTenant();
        HubSoft lambda = h.container();
        List<String> documents = List.of("39053344705", "71428793860", "86288366757");
        documents.forEach(d -> h.sim.addClient(d, "Cliente " + d, "37988242968", "servico_habilitado"));
        h.sim.resetCounters();

        HubSoft.StatusRead read = lambda.contractStatuses(tenant, documents, Priority.LOW);

        assertThat(read.found()).containsOnlyKeys(documents);
        assertThat(h.sim.requestCount(HubSoftSimulator.CLIENT_LOOKUP)).as("found by the sweep, no lookups").isZero();
        assertThat(h.sim.received()).filteredOn(r -> r.path().endsWith("/cliente/todos"))
                .extracting(r -> r.query().get("pagina")).containsExactly("0");
    }

    @Test
    void aCreatedTicketsStatusIsItsDisplayText() {
        String tenant = h.configuredTenant();
        Ticket ticket = h.container().client().createTicket(tenant, 5001, "Sem conexão", "Cliente", "37988242968");
        assertThat(ticket.statusPrefix()).isNull();
        assertThat(ticket.statusDescription()).isEqualTo("Aguardando Análise");
    }

    @Test
    void aTicketCreationThatMayHaveHappenedIsNeverRetried() {
        String tenant = h.configuredTenant();
        HubSoft lambda = h.container();
        lambda.client().allClients(tenant, 0, 1, Priority.NORMAL);
        h.sim.resetCounters();
        h.sim.failNext(1, 502);

        assertThatThrownBy(() -> lambda.client().createTicket(tenant, 5001, "Sem conexão", "Cliente", "37988242968"))
                .isInstanceOf(HubSoftException.class).hasMessageContaining("outcome unknown");
        assertThat(h.sim.requestCount(HubSoftSimulator.TICKET_CREATE)).isEqualTo(1);
    }
}
