package io.cadencia.hubsoft;

import com.fasterxml.jackson.databind.JsonNode;
import io.cadencia.aws.Json;
import io.cadencia.observability.MetricsSink;
import io.cadencia.whatsapp.Sleeper;

import io.cadencia.work.Deadline;
import java.io.IOException;
import java.math.BigDecimal;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.random.RandomGenerator;

/**
 * HubSoft's integration API over java.net.http. Every request takes a token from the tenant's shared rate limit
 * first; a 401 renews the token once and retries; 429 and 5xx (and connection failures) back off exponentially,
 * honouring Retry-After, at most 3 retries; HTTP 200 with {@code "status":"error"} is a {@link HubSoftBusinessError}.
 * No cache here: {@link HubSoft} puts one in front.
 */
public final class HubSoftClient {

    private static final DateTimeFormatter BR_DATE = DateTimeFormatter.ofPattern("dd/MM/yyyy");

    private final HttpClient http;
    private final HubSoftAccounts accounts;
    private final TokenManager tokens;
    private final DynamoRateLimiter limiter;
    private final HubSoftConfig config;
    private final Sleeper backoffSleeper;
    private final RandomGenerator random;
    private final MetricsSink metrics;

    public HubSoftClient(HttpClient http, HubSoftAccounts accounts, TokenManager tokens, DynamoRateLimiter limiter,
                         HubSoftConfig config, Sleeper backoffSleeper, RandomGenerator random, MetricsSink metrics) {
        this.http = http;
        this.accounts = accounts;
        this.tokens = tokens;
        this.limiter = limiter;
        this.config = config;
        this.backoffSleeper = backoffSleeper;
        this.random = random;
        this.metrics = metrics;
    }

    /** Seed 003 §1: one lookup by CPF/CNPJ gives the full client and its contract status; empty when unknown. */
    public Optional<ClientInfo> clientInfo(String tenantId, String document, Priority priority) {
        JsonNode body = get(tenantId, priority, "client_lookup", "/api/v1/integracao/cliente",
                Map.of("busca", "cpf_cnpj", "termo_busca", digits(document)));
        JsonNode clients = body.path("clientes");
        return clients.isArray() && !clients.isEmpty() ? Optional.of(client(clients.get(0))) : Optional.empty();
    }

    /**
     * One page (1-based) of every client of the account, cancelled ones included
     * ({@code GET /api/v1/integracao/cliente/todos}, HubSoft's {@code paginacao} envelope).
     */
    public Page<ClientInfo> allClients(String tenantId, int page, int perPage, Priority priority) {
        JsonNode body = get(tenantId, priority, "client_list", "/api/v1/integracao/cliente/todos",
                Map.of("pagina", Integer.toString(page), "itens_por_pagina", Integer.toString(perPage), "cancelado", "sim"));
        List<ClientInfo> clients = new ArrayList<>();
        body.path("clientes").forEach(c -> clients.add(client(c)));
        JsonNode paging = body.path("paginacao");
        return new Page<>(clients, paging.path("pagina_atual").asInt(page), paging.path("ultima_pagina").asInt(page),
                paging.path("total_registros").asInt(clients.size()));
    }

    /** One page (1-based) of tickets, {@code perPage} per page (Laravel paginator under {@code atendimentos}). */
    public Page<Ticket> tickets(String tenantId, int page, int perPage, Priority priority) {
        JsonNode body = get(tenantId, priority, "ticket_page", "/api/v1/integracao/atendimento/paginado/" + perPage,
                Map.of("page", Integer.toString(page)));
        JsonNode paginator = body.path("atendimentos");
        List<Ticket> tickets = new ArrayList<>();
        paginator.path("data").forEach(t -> tickets.add(ticket(t)));
        return new Page<>(tickets, paginator.path("current_page").asInt(page), paginator.path("last_page").asInt(page),
                paginator.path("total").asInt(tickets.size()));
    }

    /** Opens a ticket for a client's service; never cached, never deferred (CRITICAL by nature). */
    public Ticket createTicket(String tenantId, long serviceId, String description, String name, String phone) {
        Map<String, Object> request = new LinkedHashMap<>();
        request.put("id_cliente_servico", serviceId);
        request.put("descricao", description);
        request.put("nome", name);
        request.put("telefone", phone);
        JsonNode body = call(tenantId, Priority.CRITICAL, "ticket_create", "POST", "/api/v1/integracao/atendimento", Map.of(), request);
        return ticket(body.path("atendimento"));
    }

    /** The client's invoices, paid ones included ({@code apenas_pendente=nao}). */
    public List<Invoice> invoices(String tenantId, String document, Priority priority) {
        JsonNode body = get(tenantId, priority, "invoices", "/api/v1/integracao/cliente/financeiro",
                Map.of("busca", "cpf_cnpj", "termo_busca", digits(document), "apenas_pendente", "nao"));
        List<Invoice> invoices = new ArrayList<>();
        body.path("faturas").forEach(f -> invoices.add(invoice(f)));
        return invoices;
    }

    private JsonNode get(String tenantId, Priority priority, String operation, String path, Map<String, String> query) {
        return call(tenantId, priority, operation, "GET", path, query, null);
    }

    private JsonNode call(String tenantId, Priority priority, String operation, String method, String path,
                          Map<String, String> query, Object body) {
        HubSoftCredentials credentials = accounts.require(tenantId);
        URI target = URI.create(credentials.host() + path + queryString(query));
        String where = method + " " + path;
        AccessToken token = tokens.token(tenantId);
        boolean renewed = false;
        int failures = 0;
        while (true) {
            limiter.acquire(tenantId, priority);
            HttpResponse<String> response;
            Optional<Duration> retryAfter = Optional.empty();
            String failure;
            try {
                response = http.send(request(target, method, token, body), HttpResponse.BodyHandlers.ofString());
                metrics.count("hubsoft.request", Map.of("tenant", tenantId, "operation", operation));
                int status = response.statusCode();
                if (status == 200 || status == 201) {
                    return parse(where, response.body());
                }
                if (status == 401) {
                    if (renewed) {
                        throw new HubSoftAuthException(where + " -> 401 with a freshly renewed token (tenant " + tenantId + ")");
                    }
                    token = tokens.renewAfterRejection(tenantId, token);
                    renewed = true;
                    continue;
                }
                if (status != 429 && status < 500) {
                    throw new HubSoftException(where + " -> " + status + " (tenant " + tenantId + ")");
                }
                retryAfter = response.headers().firstValue("Retry-After").flatMap(HubSoftClient::seconds);
                failure = where + " -> " + status;
                metrics.count("hubsoft.http_" + (status == 429 ? "429" : "5xx"), Map.of("tenant", tenantId));
            } catch (IOException e) {
                failure = where + " failed: " + e.getClass().getSimpleName();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new HubSoftUnavailableException("interrupted during " + where, e);
            }
            failures++;
            Optional<Duration> delay = config.backoff().next(failures, retryAfter, random);
            if (delay.isEmpty()) {
                throw new HubSoftUnavailableException(failure + " after " + (failures - 1) + " retries (tenant " + tenantId + ")");
            }
            // The backoff and the next call must fit before the running job's deadline, or the caller falls back now.
            if (Deadline.boundedWait(delay.get(), config.requestTimeout()).compareTo(delay.get()) < 0) {
                throw new HubSoftUnavailableException(failure + "; no time left before the job's deadline to retry (tenant " + tenantId + ")");
            }
            try {
                backoffSleeper.sleep(delay.get());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new HubSoftUnavailableException("interrupted backing off " + where, e);
            }
        }
    }

    private HttpRequest request(URI target, String method, AccessToken token, Object body) throws IOException {
        HttpRequest.Builder builder = HttpRequest.newBuilder(target).timeout(config.requestTimeout())
                .header("Authorization", "Bearer " + token.value())
                .header("Accept", "application/json");
        if (body == null) {
            return builder.GET().build();
        }
        return builder.header("Content-Type", "application/json")
                .method(method, HttpRequest.BodyPublishers.ofString(Json.MAPPER.writeValueAsString(body))).build();
    }

    /** HubSoft reports refusals as 200 + "status":"error"; "success" is sometimes misspelt, so only "error" counts. */
    static JsonNode parse(String where, String body) {
        JsonNode node;
        try {
            node = Json.MAPPER.readTree(body);
        } catch (IOException e) {
            throw new HubSoftUnavailableException(where + " answered with a body that is not JSON");
        }
        if ("error".equalsIgnoreCase(node.path("status").asText())) {
            List<String> errors = new ArrayList<>();
            JsonNode list = node.path("errors");
            if (list.isArray()) {
                list.forEach(e -> errors.add(e.asText()));
            } else if (list.isObject()) {
                list.fields().forEachRemaining(f -> f.getValue().forEach(e -> errors.add(e.asText())));
            }
            throw new HubSoftBusinessError(where, node.path("msg").asText(""), errors);
        }
        return node;
    }

    static ClientInfo client(JsonNode c) {
        List<ClientService> services = new ArrayList<>();
        c.path("servicos").forEach(s -> services.add(new ClientService(s.path("id_cliente_servico").asLong(),
                s.path("nome").asText(null), s.path("status").asText(null), s.path("status_prefixo").asText(""),
                s.path("tecnologia").asText(null))));
        return new ClientInfo(c.path("id_cliente").asLong(), c.path("codigo_cliente").asLong(),
                c.path("nome_razaosocial").asText(null), c.path("cpf_cnpj").asText(null),
                c.path("telefone_primario").asText(null), c.path("email_principal").asText(null), services);
    }

    static Ticket ticket(JsonNode t) {
        JsonNode status = t.path("status");
        String prefix = status.isObject() ? status.path("prefixo").asText("") : status.asText("");
        String description = status.isObject() ? status.path("descricao").asText(null) : null;
        return new Ticket(t.path("id_atendimento").asLong(), t.path("protocolo").asText(null), prefix, description);
    }

    static Invoice invoice(JsonNode f) {
        return new Invoice(f.path("id_fatura").asLong(), f.path("status").asText(null), decimal(f.path("valor")),
                decimal(f.path("valor_pago")), date(f.path("data_vencimento")), date(f.path("data_pagamento")));
    }

    private static BigDecimal decimal(JsonNode node) {
        return node.isNumber() || (node.isTextual() && !node.asText().isBlank()) ? new BigDecimal(node.asText()) : null;
    }

    private static LocalDate date(JsonNode node) {
        String text = node.asText("");
        return text.isBlank() || node.isNull() ? null : LocalDate.parse(text, BR_DATE);
    }

    private static Optional<Duration> seconds(String header) {
        try {
            return Optional.of(Duration.ofSeconds(Long.parseLong(header.trim())));
        } catch (NumberFormatException httpDate) {
            return Optional.empty();
        }
    }

    private static String digits(String document) {
        return document.replaceAll("\\D", "");
    }

    private static String queryString(Map<String, String> query) {
        if (query.isEmpty()) {
            return "";
        }
        StringBuilder out = new StringBuilder("?");
        new java.util.TreeMap<>(query).forEach((k, v) -> out.append(out.length() > 1 ? "&" : "")
                .append(k).append('=').append(URLEncoder.encode(v, StandardCharsets.UTF_8)));
        return out.toString();
    }
}
