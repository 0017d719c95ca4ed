package io.cadencia.hubsoft;

import com.fasterxml.jackson.databind.JsonNode;
import io.cadencia.local.hubsoft.HubSoftSimulator;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static io.cadencia.local.vendor.VendorFixtures.json;
import static io.cadencia.local.vendor.VendorFixtures.shapeViolations;
import static io.cadencia.local.vendor.VendorFixtures.text;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * HubSoft's public docs are the oracle (fixtures in {@code vendor/hubsoft}, sources in its SOURCES.md): (a) every
 * documented body goes verbatim through the real client's parsing; (b) every request the real client sends uses only
 * documented parameters and values, with the required ones; (c) the simulator answers in the documented shapes.
 */
class HubSoftContractTest {

    static HubSoftHarness h;

    @BeforeAll
    static void start() {
        h = new HubSoftHarness(1000);
    }

    @AfterAll
    static void stop() {
        h.close();
    }

    // (a)

    @Test
    void theDocumentedClientLookupIsRead() {
        ClientInfo client = HubSoftClient.client(parse("hubsoft/cliente-200.json").path("clientes").get(0));
        assertThat(client).extracting(ClientInfo::id, ClientInfo::code, ClientInfo::name, ClientInfo::document, ClientInfo::phone, ClientInfo::email)
                .containsExactly(11201L, 421L, "GUILHERME SILVA", "10682083681", "37988242968", "guilherme@silva.com.br");
        assertThat(client.services()).containsExactly(new ClientService(11201, "4M", "Serviço Habilitado", "servico_habilitado", "WIRELESS"));
        assertThat(client.contractStatus()).isEqualTo(ContractStatus.ACTIVE);
    }

    @Test
    void theDocumentedClientListIsZeroBased() {
        Page<ClientInfo> page = HubSoftClient.clientPage(parse("hubsoft/cliente-todos-200.json"));
        assertThat(page).extracting(Page::currentPage, Page::lastPage, Page::total).containsExactly(496, 501, 1506);
        assertThat(page.hasNext()).isTrue();
        assertThat(page.items()).extracting(ClientInfo::document).containsExactly("57893953098", "02003777016", "58578728556");
        assertThat(page.items()).extracting(ClientInfo::contractStatus)
                .containsExactly(ContractStatus.PENDING, ContractStatus.ACTIVE, ContractStatus.ACTIVE);
    }

    @Test
    void theDocumentedInvoicesAreReadWithTheirPaymentData_paidMeansDataPagamentoSet() {
        List<Invoice> invoices = HubSoftClient.invoiceList(parse("hubsoft/cliente-financeiro-200.json"));
        assertThat(invoices).extracting(Invoice::id).containsExactly(36397L, 36403L, 43653L);
        assertThat(invoices).extracting(Invoice::isPaid).containsExactly(true, true, false);
        Invoice first = invoices.get(0);
        assertThat(first.amount()).isEqualByComparingTo("54.95");
        assertThat(first.dueDate()).isEqualTo(LocalDate.of(2017, 10, 10));
        assertThat(first.paidOn()).isEqualTo(LocalDate.of(2017, 7, 31));
        assertThat(first.pixCopyPaste()).startsWith("00020101026216880014BR.GOV.BCB.PIX").endsWith("6301122B");
        assertThat(first.link()).isNull();
        Invoice open = invoices.get(2);
        assertThat(open.amount()).isEqualByComparingTo("10");
        assertThat(open.digitableLine()).isEqualTo("75691.31662 01006.726101 27455.420011 8 82170000001232");
        assertThat(open.link()).startsWith("http://endereco_do_servidor/pdf/fatura/f628fb35");
        assertThat(open.matches(null, LocalDate.of(2018, 7, 10), new BigDecimal("10.00"))).as("exact decimal compare").isTrue();
        assertThat(open.matches(null, LocalDate.of(2018, 7, 10), new BigDecimal("10.01"))).isFalse();
    }

    @Test
    void bothDocumentedTicketPagesAreRead() {
        Page<Ticket> postman = HubSoftClient.ticketPage(parse("hubsoft/atendimento-paginado-200.json"));
        assertThat(postman).extracting(Page::currentPage, Page::lastPage, Page::total).containsExactly(8, 8, 78);
        assertThat(postman.hasNext()).isFalse();
        assertThat(postman.items().get(0)).isEqualTo(new Ticket(4413, "20220804154332049991", "pendente", "Pendente"));
        Page<Ticket> rst = HubSoftClient.ticketPage(parse("hubsoft/atendimento-paginado-rst-200.json"));
        assertThat(rst).extracting(Page::currentPage, Page::lastPage, Page::total).containsExactly(2, 5, 10);
        assertThat(rst.items().get(0).id()).isEqualTo(2364);
    }

    @Test
    void aCreatedTicketsStatusIsTheDocumentedDisplayText() {
        Ticket ticket = HubSoftClient.ticket(parse("hubsoft/atendimento-post-200.json").path("atendimento"));
        assertThat(ticket).isEqualTo(new Ticket(300, "201811161058216", null, "Aguardando Análise"));
    }

    @Test
    void theDocumentedRefusalIsABusinessError() {
        assertThatThrownBy(() -> HubSoftClient.parse("GET /x", text("hubsoft/business-error-200.json")))
                .isInstanceOfSatisfying(HubSoftBusinessError.class, e -> assertThat(e.errors()).containsExactly("O campo pagina é obrigatório."));
    }

    // (b)

    @Test
    void everyRequestTheClientSendsUsesDocumentedParametersOnly() {
        String tenant = h.configuredTenant();
        HubSoft lambda = h.container();
        h.sim.addClient("10682083681", "GUILHERME SILVA", "37988242968", "servico_habilitado");
        h.sim.resetCounters();
        lambda.client().clientInfo(tenant, "106.820.836-81", Priority.HIGH);
        lambda.client().allClients(tenant, 0, 500, Priority.LOW);
        lambda.client().tickets(tenant, 1, 100, LocalDate.of(2026, 8, 25), LocalDate.of(2026, 11, 23), Priority.NORMAL);
        lambda.client().createTicket(tenant, 11201, "Sem conexão", "Guilherme", "37988242968");
        lambda.client().invoices(tenant, "10682083681", LocalDate.of(2026, 10, 1), LocalDate.of(2026, 12, 31), Priority.HIGH);

        JsonNode documented = json("hubsoft/parameters.json");
        List<String> violations = new ArrayList<>();
        for (HubSoftSimulator.Received request : h.sim.received()) {
            String endpoint = request.method() + " " + request.path().replaceFirst("/paginado/\\d+$", "/paginado/{quantidade}");
            JsonNode params = documented.path(endpoint);
            if (params.isMissingNode()) {
                violations.add(endpoint + ": undocumented endpoint");
                continue;
            }
            Map<String, String> sent = new java.util.LinkedHashMap<>(request.query());
            if (!request.body().isBlank()) {
                json(request.body()).fields().forEachRemaining(f -> sent.put(f.getKey(), f.getValue().asText()));
            }
            params.fields().forEachRemaining(p -> {
                if (p.getValue().path("required").asBoolean() && !sent.containsKey(p.getKey())) {
                    violations.add(endpoint + ": required " + p.getKey() + " missing");
                }
            });
            sent.forEach((name, value) -> violations.addAll(check(endpoint, name, value, params.path(name))));
        }
        assertThat(h.sim.received()).as("token + the five calls").hasSize(6);
        assertThat(violations).isEmpty();
    }

    private static List<String> check(String endpoint, String name, String value, JsonNode rule) {
        String where = endpoint + " " + name + "=" + value;
        if (rule.isMissingNode()) {
            return List.of(where + ": undocumented parameter");
        }
        if (rule.has("values") && !rule.get("values").toString().contains("\"" + value + "\"")) {
            return List.of(where + ": not one of " + rule.get("values"));
        }
        if (rule.has("integer")) {
            long n = Long.parseLong(value);
            if (n < rule.get("integer").get(0).asLong() || n > rule.get("integer").get(1).asLong()) {
                return List.of(where + ": outside " + rule.get("integer"));
            }
        }
        if (rule.has("date") && !value.matches("\\d{4}-\\d{2}-\\d{2}")) {
            return List.of(where + ": not yyyy-MM-dd");
        }
        return List.of();
    }

    // (c)

    @Test
    void theSimulatorAnswersInTheDocumentedShapes() throws Exception {
        h.sim.addClient("10682083681", "GUILHERME SILVA", "37988242968", "servico_habilitado");
        h.sim.addInvoice("10682083681", 36397, new BigDecimal("54.95"), LocalDate.of(2026, 11, 10), LocalDate.of(2026, 11, 9));
        h.sim.addInvoice("10682083681", 36398, new BigDecimal("54.95"), LocalDate.of(2026, 12, 10), null);
        h.sim.addTicket(4413, "pendente", LocalDate.of(2026, 11, 2));
        HttpResponse<String> token = call("POST", "/oauth/token", null,
                "{\"grant_type\":\"password\",\"client_id\":\"3\",\"client_secret\":\"client-secret-xyz\",\"username\":\"bot@isp.com.br\",\"password\":\"s3nh4\"}");
        assertConforms("hubsoft/oauth-token-200.json", token);
        String bearer = json(token.body()).path("access_token").asText();
        assertConforms("hubsoft/oauth-token-401.json", call("POST", "/oauth/token", null, "{\"grant_type\":\"password\"}"));
        assertConforms("hubsoft/cliente-200.json", call("GET", "/api/v1/integracao/cliente?busca=cpf_cnpj&termo_busca=10682083681", bearer, null));
        assertConforms("hubsoft/cliente-todos-200.json", call("GET", "/api/v1/integracao/cliente/todos?pagina=0&itens_por_pagina=100", bearer, null));
        assertConforms("hubsoft/cliente-financeiro-200.json",
                call("GET", "/api/v1/integracao/cliente/financeiro?busca=cpf_cnpj&termo_busca=10682083681&apenas_pendente=nao", bearer, null));
        assertConforms("hubsoft/atendimento-paginado-200.json",
                call("GET", "/api/v1/integracao/atendimento/paginado/10?pagina=1&data_inicio=2026-11-01&data_fim=2026-11-30", bearer, null));
        assertConforms("hubsoft/atendimento-paginado-rst-200.json",
                call("POST", "/api/v1/integracao/atendimento/paginado/10?page=1", bearer, "{\"data_inicio\":\"2026-11-01\",\"data_fim\":\"2026-11-30\"}"));
        assertConforms("hubsoft/atendimento-post-200.json",
                call("POST", "/api/v1/integracao/atendimento", bearer, "{\"id_cliente_servico\":\"11000\",\"descricao\":\"Sem acesso\"}"));
        assertConforms("hubsoft/business-error-200.json", call("GET", "/api/v1/integracao/cliente/todos", bearer, null));
    }

    private static void assertConforms(String fixture, HttpResponse<String> reply) {
        JsonNode vendor = json(fixture);
        JsonNode actual = json(reply.body());
        assertThat(shapeViolations(vendor, actual)).as("simulator vs %s", fixture).isEmpty();
        assertThat(reply.statusCode()).as("status for %s", fixture).isEqualTo(fixture.endsWith("401.json") ? 401 : 200);
    }

    private static HttpResponse<String> call(String method, String path, String bearer, String body) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(h.sim.baseUrl() + path))
                .header("Accept", "application/json").header("Content-Type", "application/json");
        if (bearer != null) {
            request.header("Authorization", "Bearer " + bearer);
        }
        request.method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        return h.http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static JsonNode parse(String fixture) {
        return HubSoftClient.parse("fixture " + fixture, text(fixture));
    }

    private static JsonNode json(String fixtureOrBody) {
        return fixtureOrBody.endsWith(".json") ? io.cadencia.local.vendor.VendorFixtures.json(fixtureOrBody)
                : io.cadencia.local.vendor.VendorFixtures.parse(fixtureOrBody);
    }
}
