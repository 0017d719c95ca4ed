package io.cadencia.hubsoft;

import com.fasterxml.jackson.databind.JsonNode;
import io.cadencia.aws.Json;
import io.cadencia.billing.TaxIds;
import io.cadencia.observability.MetricsSink;
import io.cadencia.retry.Retrier;
import io.cadencia.retry.Retrier.Attempt;
import io.cadencia.retry.RetryPolicy;
import io.cadencia.retry.Sleeper;
import io.cadencia.retry.TimeBudget;
import io.cadencia.work.Deadline;

import java.io.IOException;
import java.net.ConnectException;
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
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.random.RandomGenerator;

/**
 * HubSoft's integration API over java.net.http. Every request takes a token from the tenant's shared rate limit
 * first; a 401 renews the token once and retries; 429 and 5xx (and connection failures) back off exponentially,
 * honouring Retry-After, at most 3 retries ({@link HubSoftConfig#retry()}), except for calls that create something (see {@link #createTicket});
 * HTTP 200 with {@code "status":"error"} is a {@link HubSoftBusinessError}. Requests and parsing follow HubSoft's
 * public docs (hubsoftbrasil/api), proven by the contract tests against fixtures taken from them.
 * No cache here: {@link HubSoft} puts one in front.
 */
public final class HubSoftClient {

    private static final DateTimeFormatter BR_DATE = DateTimeFormatter.ofPattern("dd/MM/yyyy");
    /** {@code cliente/financeiro}'s documented maximum {@code limit}. */
    private static final int MAX_INVOICES = 50;

    /** The route answered 405: the server has the other method for it. */
    private static final class MethodNotAllowed extends HubSoftException {
        MethodNotAllowed(String message) {
            super(message);
        }
    }

    private final Set<String> postOnlyTicketPages = ConcurrentHashMap.newKeySet();

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

    /**
     * Seed 003 §1: one lookup by CPF/CNPJ gives the full client and its contract status; empty when unknown.
     * {@code cancelado=sim} and {@code inativo=todos}: HubSoft's defaults hide cancelled services and inactive
     * clients, which would make a cancelled client look unknown and disagree with {@code cliente/todos}.
     */
    public Optional<ClientInfo> clientInfo(String tenantId, String document, Priority priority) {
        JsonNode body = get(tenantId, priority, "client_lookup", "/api/v1/integracao/cliente",
                Map.of("busca", "cpf_cnpj", "termo_busca", TaxIds.normalize(document), "cancelado", "sim", "inativo", "todos"));
        JsonNode clients = body.path("clientes");
        return clients.isArray() && !clients.isEmpty() ? Optional.of(client(clients.get(0))) : Optional.empty();
    }

    /**
     * One page of every client of the account, cancelled ones included ({@code GET /api/v1/integracao/cliente/todos},
     * HubSoft's {@code paginacao} envelope). Pages start at 0 ("a primeira página será 0").
     */
    public Page<ClientInfo> allClients(String tenantId, int page, int perPage, Priority priority) {
        return clientPage(get(tenantId, priority, "client_list", "/api/v1/integracao/cliente/todos",
                Map.of("pagina", Integer.toString(page), "itens_por_pagina", Integer.toString(perPage), "cancelado", "sim")));
    }

    static Page<ClientInfo> clientPage(JsonNode body) {
        List<ClientInfo> clients = new ArrayList<>();
        body.path("clientes").forEach(c -> clients.add(client(c)));
        JsonNode paging = body.path("paginacao");
        int current = paging.path("pagina_atual").asInt(0);
        return new Page<>(clients, current, paging.path("ultima_pagina").asInt(current), paging.path("total_registros").asInt(clients.size()));
    }

    /**
     * One page (1-based, Laravel paginator under {@code atendimentos}) of the tickets opened between {@code from} and
     * {@code to}, {@code perPage} per page. HubSoft's two docs disagree on this call (Postman: GET, {@code pagina},
     * query dates; consulta.rst: POST, {@code ?page=}, JSON dates; both require {@code data_inicio}/{@code data_fim}).
     * We send GET with the dates and BOTH page names in the query; a server whose route is POST-only answers 405
     * (nothing done, so safe to repeat) and is then asked by POST with the dates also in a JSON body, remembered per
     * tenant for this container.
     */
    public Page<Ticket> tickets(String tenantId, int page, int perPage, LocalDate from, LocalDate to, Priority priority) {
        String path = "/api/v1/integracao/atendimento/paginado/" + perPage;
        Map<String, String> query = Map.of("page", Integer.toString(page), "pagina", Integer.toString(page),
                "data_inicio", from.toString(), "data_fim", to.toString());
        if (!postOnlyTicketPages.contains(tenantId)) {
            try {
                return ticketPage(call(tenantId, priority, "ticket_page", "GET", path, query, null, RetryPolicy.Repeat.SAFE));
            } catch (MethodNotAllowed postOnly) {
                postOnlyTicketPages.add(tenantId);
            }
        }
        return ticketPage(call(tenantId, priority, "ticket_page", "POST", path, query,
                Map.of("data_inicio", from.toString(), "data_fim", to.toString()), RetryPolicy.Repeat.SAFE));
    }

    static Page<Ticket> ticketPage(JsonNode body) {
        JsonNode paginator = body.path("atendimentos");
        List<Ticket> tickets = new ArrayList<>();
        paginator.path("data").forEach(t -> tickets.add(ticket(t)));
        int current = paginator.path("current_page").asInt(1);
        return new Page<>(tickets, current, paginator.path("last_page").asInt(current), paginator.path("total").asInt(tickets.size()));
    }

    /**
     * Opens a ticket for a client's service; never cached, never deferred (CRITICAL by nature), and never repeated
     * once the request may have reached HubSoft: a timeout or a 5xx is a {@link HubSoftOutcomeUnknownException}.
     */
    public Ticket createTicket(String tenantId, long serviceId, String description, String name, String phone) {
        Map<String, Object> request = new LinkedHashMap<>();
        request.put("id_cliente_servico", serviceId);
        request.put("descricao", description);
        request.put("nome", name);
        request.put("telefone", phone);
        JsonNode body = call(tenantId, Priority.CRITICAL, "ticket_create", "POST", "/api/v1/integracao/atendimento", Map.of(), request,
                RetryPolicy.Repeat.ONLY_IF_NOT_SENT);
        return ticket(body.path("atendimento"));
    }

    /**
     * The client's invoices due between {@code from} and {@code to}, paid ones included. HubSoft's defaults (20
     * invoices, oldest first, pending only) would hide the current invoice of a long-standing customer, so the call
     * asks for the due-date range, newest first, 50 (the maximum). The call has no page parameter: a full answer may
     * be cut, so the range is halved and both halves asked, until every answer fits.
     */
    public List<Invoice> invoices(String tenantId, String document, LocalDate from, LocalDate to, Priority priority) {
        JsonNode body = get(tenantId, priority, "invoices", "/api/v1/integracao/cliente/financeiro",
                Map.of("busca", "cpf_cnpj", "termo_busca", TaxIds.normalize(document), "apenas_pendente", "nao",
                        "limit", Integer.toString(MAX_INVOICES), "order_by", "data_vencimento", "order_type", "desc",
                        "tipo_data", "data_vencimento", "data_inicio", from.toString(), "data_fim", to.toString()));
        List<Invoice> invoices = invoiceList(body);
        if (invoices.size() < MAX_INVOICES || !from.isBefore(to)) {
            return invoices;
        }
        LocalDate middle = from.plusDays(ChronoUnit.DAYS.between(from, to) / 2);
        List<Invoice> all = new ArrayList<>(invoices(tenantId, document, middle.plusDays(1), to, priority));
        all.addAll(invoices(tenantId, document, from, middle, priority));
        return all;
    }

    static List<Invoice> invoiceList(JsonNode body) {
        List<Invoice> invoices = new ArrayList<>();
        body.path("faturas").forEach(f -> invoices.add(invoice(f)));
        return invoices;
    }

    private JsonNode get(String tenantId, Priority priority, String operation, String path, Map<String, String> query) {
        return call(tenantId, priority, operation, "GET", path, query, null, RetryPolicy.Repeat.SAFE);
    }

    /**
     * @param repeat {@link RetryPolicy.Repeat#ONLY_IF_NOT_SENT} for calls that create something: then only answers
     *               that prove nothing was done (401 before the renewal, 429, a refused connection) are retried
     */
    private JsonNode call(String tenantId, Priority priority, String operation, String method, String path,
                          Map<String, String> query, Object body, RetryPolicy.Repeat repeat) {
        HubSoftCredentials credentials = accounts.require(tenantId);
        Exchange exchange = new Exchange(tenantId, priority, operation, method + " " + path, method,
                URI.create(credentials.host() + path + queryString(query)), body, tokens.token(tenantId));
        // The backoff and the next call must fit before the running job's deadline, or the caller falls back now.
        TimeBudget budget = Deadline.current().<TimeBudget>map(deadline -> deadline).orElse(TimeBudget.UNLIMITED);
        Retrier.Outcome<JsonNode> outcome = new Retrier(config.retry().repeat(repeat), backoffSleeper, random)
                .run(budget, config.requestTimeout(), exchange::attempt);
        return switch (outcome) {
            case Retrier.Outcome.Succeeded<JsonNode>(JsonNode answer) -> answer;
            case Retrier.Outcome.GaveUp<JsonNode>(Retrier.Stop why, Attempt.Failed<JsonNode> last, int attempts) -> throw switch (why) {
                case ATTEMPTS_SPENT -> new HubSoftUnavailableException(last.reason() + " after " + (attempts - 1) + " retries (tenant " + tenantId + ")");
                case DEADLINE -> new HubSoftUnavailableException(last.reason() + "; no time left before the job's deadline to retry (tenant " + tenantId + ")");
                case NOT_SAFE_TO_REPEAT -> new HubSoftOutcomeUnknownException(last.reason() + ": outcome unknown, not retried (tenant " + tenantId + ")");
                case INTERRUPTED -> new HubSoftUnavailableException("interrupted backing off " + exchange.where);
            };
        };
    }

    /** One call's tries: the token it sends, renewed once if HubSoft rejects it. */
    private final class Exchange {
        private final String tenantId;
        private final Priority priority;
        private final String operation;
        private final String where;
        private final String method;
        private final URI target;
        private final Object body;
        private AccessToken token;
        private boolean renewed;

        Exchange(String tenantId, Priority priority, String operation, String where, String method, URI target, Object body,
                 AccessToken token) {
            this.tenantId = tenantId;
            this.priority = priority;
            this.operation = operation;
            this.where = where;
            this.method = method;
            this.target = target;
            this.body = body;
            this.token = token;
        }

        /**
         * One request, after a token from the rate limit. A 429 proves the request was not acted on; a 5xx or a
         * timeout may have been; a refused connection never reached HubSoft.
         */
        Attempt<JsonNode> attempt() {
            limiter.acquire(tenantId, priority);
            try {
                HttpResponse<String> response = http.send(request(target, method, token, body), HttpResponse.BodyHandlers.ofString());
                metrics.count("hubsoft.request", Map.of("operation", operation));
                int status = response.statusCode();
                if (status == 200 || status == 201) {
                    return Attempt.done(parse(where, response.body()));
                }
                if (status == 401) {
                    if (renewed) {
                        throw new HubSoftAuthException(where + " -> 401 with a freshly renewed token (tenant " + tenantId + ")");
                    }
                    // Not a failure: the token had expired early, and a request with a fresh one is the same try.
                    token = tokens.renewAfterRejection(tenantId, token);
                    renewed = true;
                    return attempt();
                }
                if (status == 405) {
                    throw new MethodNotAllowed(where + " -> 405 (tenant " + tenantId + ")");
                }
                if (status != 429 && status < 500) {
                    throw new HubSoftException(where + " -> " + status + " (tenant " + tenantId + ")");
                }
                metrics.count("hubsoft.http_" + (status == 429 ? "429" : "5xx"), Map.of());
                return Attempt.failed(where + " -> " + status, response.headers().firstValue("Retry-After").flatMap(HubSoftClient::seconds),
                        status != 429);
            } catch (IOException e) {
                return Attempt.failed(where + " failed: " + e.getClass().getSimpleName(), Optional.empty(), !(e instanceof ConnectException));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new HubSoftUnavailableException("interrupted during " + where, e);
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

    /**
     * The paginator gives {@code status} as an object with the machine prefix; ticket creation gives only the display
     * text ("Aguardando Análise"), so such a ticket has no prefix until a sync reads it from a page.
     */
    static Ticket ticket(JsonNode t) {
        JsonNode status = t.path("status");
        String prefix = status.isObject() ? status.path("prefixo").asText("") : null;
        String description = status.isObject() ? status.path("descricao").asText(null) : status.asText(null);
        return new Ticket(t.path("id_atendimento").asLong(), t.path("protocolo").asText(null), prefix, description);
    }

    static Invoice invoice(JsonNode f) {
        return new Invoice(f.path("id_fatura").asLong(), decimal(f.path("valor")), date(f.path("data_vencimento")),
                date(f.path("data_pagamento")), text(f.path("linha_digitavel")), text(f.path("link")), text(f.path("pix_copia_cola")));
    }

    private static String text(JsonNode node) {
        return node.isTextual() && !node.asText().isBlank() ? node.asText() : null;
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
