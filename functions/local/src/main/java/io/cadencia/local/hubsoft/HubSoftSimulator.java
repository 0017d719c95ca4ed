package io.cadencia.local.hubsoft;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import io.cadencia.local.SimulatedHttpServer;
import io.cadencia.local.SimulatedService;

import java.io.IOException;
import java.math.BigDecimal;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * In-process HubSoft integration API for ONE ISP account, with the wire shapes of the real one (OAuth password
 * grant, client lookup, client listing, tickets paginated Laravel-style, ticket creation, invoices, business errors
 * as HTTP 200 + {@code "status":"error"}), counting every request per endpoint and enforcing a per-account limit
 * (default 30 requests in any 60 s of the injected clock) with 429 + Retry-After. Faults on demand: 5xx, slow
 * answers, token expiry/revocation (401), business errors, 503 for everything, connection refused.
 *
 * <p>Documented behaviour it follows (fixtures and parameters under {@code src/test/resources/vendor/hubsoft},
 * checked by {@code HubSoftContractTest}): {@code cliente/todos} pages start at 0; the client lookup hides cancelled
 * services ({@code cancelado}, default nao), inactive clients ({@code inativo}, default nao) and returns at most
 * {@code limit} (default 5) clients; {@code cliente/financeiro} defaults to pending invoices only, 20 of them (max 50),
 * oldest due date first, filtered by {@code data_inicio}/{@code data_fim} on {@code tipo_data}; the ticket paginator
 * requires {@code data_inicio} and {@code data_fim} and is 1-based; a created ticket's {@code status} is a display string.
 *
 * <p>INVENTED (HubSoft documents none of this; each is a guess made visible, not a fact):
 * <ul>
 *   <li>the rate limit and its 429 + Retry-After + {@code {"message":"Too Many Attempts."}} (seed 003's safe limit,
 *       Laravel's throttle body), enforced so that exceeding it is visible;</li>
 *   <li>the 401 body {@code {"message":"Unauthenticated."}} (Laravel's) and the 5xx/503 bodies;</li>
 *   <li>the wording of business errors for missing or out-of-range parameters (the shape is documented);</li>
 *   <li>the ticket paginator accepting GET with query dates and POST with JSON dates, {@code page} and
 *       {@code pagina} alike (the two docs disagree; {@link #ticketPageMethods} narrows it to test either);</li>
 *   <li>{@code GET atendimento/{id}} (used by the per-ticket baseline of the bench only).</li>
 * </ul>
 */
public final class HubSoftSimulator implements SimulatedService {

    public static final String TOKEN = "token";
    public static final String CLIENT_LOOKUP = "client_lookup";
    public static final String CLIENT_LIST = "client_list";
    public static final String TICKET_PAGE = "ticket_page";
    public static final String TICKET_CREATE = "ticket_create";
    public static final String TICKET_SINGLE = "ticket_single";
    public static final String INVOICES = "invoices";

    public record Credentials(String clientId, String clientSecret, String username, String password) {
    }

    /** One request as it reached the API; the Authorization header is not kept. */
    public record Received(String method, String path, Map<String, String> query, String body) {
    }

    private record Service(long id, String name, String statusPrefix) {
    }

    private static final class Client {
        final long id;
        final String document;
        final String name;
        final String phone;
        final List<Service> services = new ArrayList<>();
        volatile boolean active = true;

        Client(long id, String document, String name, String phone) {
            this.id = id;
            this.document = document;
            this.name = name;
            this.phone = phone;
        }
    }

    private record TicketRow(long id, String protocol, String statusPrefix, LocalDate createdOn) {
    }

    private record InvoiceRow(long id, String document, BigDecimal amount, LocalDate dueDate, LocalDate paidOn) {
    }

    private static final Set<String> CANCELLED = Set.of("cancelado");

    private static final DateTimeFormatter BR_DATE = DateTimeFormatter.ofPattern("dd/MM/yyyy");
    private static final Duration WINDOW = Duration.ofSeconds(60);
    private static final java.time.ZoneId ZONE = java.time.ZoneId.of("America/Sao_Paulo");

    private final ObjectMapper json = new ObjectMapper();
    private final Clock clock;
    private final Credentials credentials;
    private final int limitPerMinute;
    private final Map<String, Instant> tokens = new ConcurrentHashMap<>();
    private final Map<String, Client> clients = new ConcurrentHashMap<>();
    private final Map<Long, TicketRow> tickets = new ConcurrentHashMap<>();
    private final List<InvoiceRow> invoices = new java.util.concurrent.CopyOnWriteArrayList<>();
    private final Map<String, AtomicInteger> requests = new ConcurrentHashMap<>();
    private final AtomicInteger serviceIds = new AtomicInteger(5000);
    private final AtomicInteger ticketIds = new AtomicInteger(90_000);
    private final AtomicInteger failNext = new AtomicInteger();
    private final List<Received> received = new java.util.concurrent.CopyOnWriteArrayList<>();
    private volatile Set<String> ticketPageMethods = Set.of("GET", "POST");
    private final AtomicInteger businessErrorNext = new AtomicInteger();
    private final Object windowLock = new Object();
    private final Deque<Instant> accepted = new ArrayDeque<>();
    private final Deque<Instant> arrivals = new ArrayDeque<>();
    private int maxInWindow;
    private int rejected;
    private volatile int failStatus = 500;
    private volatile Duration tokenLifetime = Duration.ofDays(30);
    private volatile Duration responseDelay = Duration.ZERO;
    private final SimulatedHttpServer http;

    /** @param limitPerMinute requests accepted in any 60 s of {@code clock}; more are answered 429 */
    public HubSoftSimulator(Clock clock, Credentials credentials, int limitPerMinute) {
        System.setProperty("sun.net.httpserver.nodelay", "true");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.credentials = Objects.requireNonNull(credentials, "credentials");
        this.limitPerMinute = limitPerMinute;
        this.http = new SimulatedHttpServer("HubSoft", 16, this::handle);
    }

    @Override
    public String baseUrl() {
        return http.baseUrl();
    }

    /** The secret JSON a tenant stores for this account. */
    public String credentialsJson() {
        return "{\"host\":\"" + baseUrl() + "\",\"client_id\":\"" + credentials.clientId() + "\",\"client_secret\":\""
                + credentials.clientSecret() + "\",\"username\":\"" + credentials.username() + "\",\"password\":\""
                + credentials.password() + "\"}";
    }

    // ---- seeding -------------------------------------------------------------------------------------------------

    /** A client with one service per status prefix (servico_habilitado, suspenso_debito, cancelado, …). */
    public void addClient(String document, String name, String phone, String... servicePrefixes) {
        Client client = new Client(10_000 + clients.size(), document, name, phone);
        for (String prefix : servicePrefixes) {
            client.services.add(new Service(serviceIds.incrementAndGet(), "FIBRA 300M", prefix));
        }
        clients.put(key(document), client);
    }

    /** The client's record is inactive (HubSoft's {@code ativo} false): hidden from lookups unless {@code inativo} asks. */
    public void setClientInactive(String document) {
        Objects.requireNonNull(clients.get(key(document)), "no client " + document).active = false;
    }

    /** Every service of the client moves to this status. */
    public void setClientStatus(String document, String servicePrefix) {
        Client client = Objects.requireNonNull(clients.get(key(document)), "no client " + document);
        synchronized (client) {
            List<Service> updated = client.services.stream().map(s -> new Service(s.id(), s.name(), servicePrefix)).toList();
            client.services.clear();
            client.services.addAll(updated);
        }
    }

    /** A ticket opened today (the clock's date in São Paulo). */
    public void addTicket(long id, String statusPrefix) {
        addTicket(id, statusPrefix, LocalDate.now(clock.withZone(ZONE)));
    }

    public void addTicket(long id, String statusPrefix, LocalDate openedOn) {
        tickets.put(id, new TicketRow(id, "2026" + id, statusPrefix, openedOn));
    }

    public void setTicketStatus(long id, String statusPrefix) {
        tickets.computeIfPresent(id, (k, t) -> new TicketRow(t.id(), t.protocol(), statusPrefix, t.createdOn()));
    }

    /** Which methods the ticket paginator answers; any other gets 405, as a Laravel route of the other method would. */
    public void ticketPageMethods(String... methods) {
        ticketPageMethods = Set.of(methods);
    }

    public void addInvoice(String document, long id, BigDecimal amount, LocalDate dueDate, LocalDate paidOn) {
        invoices.add(new InvoiceRow(id, key(document), amount, dueDate, paidOn));
    }

    // ---- faults --------------------------------------------------------------------------------------------------

    /** The next {@code count} API requests (token included) answer {@code status} (500, 502, 503…). */
    public void failNext(int count, int status) {
        failStatus = status;
        failNext.set(count);
    }

    /** The next {@code count} API calls answer HTTP 200 with {@code "status":"error"}. */
    public void businessErrorNext(int count) {
        businessErrorNext.set(count);
    }

    /** Real-time delay before every answer. */
    public void setResponseDelay(Duration delay) {
        responseDelay = Objects.requireNonNull(delay);
    }

    /** Lifetime ({@code expires_in}) of tokens issued from now on. */
    public void setTokenLifetime(Duration lifetime) {
        tokenLifetime = lifetime;
    }

    /** Every issued token stops working (401), as after a password change on the HubSoft side. */
    public void revokeTokens() {
        tokens.clear();
    }

    @Override
    public void goDown(Outage how) {
        http.goDown(how);
    }

    @Override
    public void comeBack() {
        http.comeBack();
    }

    // ---- measurements --------------------------------------------------------------------------------------------

    /** Requests that reached the API for one endpoint ({@link #TOKEN}, {@link #CLIENT_LOOKUP}, …), whatever their answer. */
    public int requestCount(String endpoint) {
        AtomicInteger n = requests.get(endpoint);
        return n == null ? 0 : n.get();
    }

    public int totalRequests() {
        return requests.values().stream().mapToInt(AtomicInteger::get).sum();
    }

    public Map<String, Integer> requestCounts() {
        Map<String, Integer> copy = new TreeMap<>();
        requests.forEach((k, v) -> copy.put(k, v.get()));
        return copy;
    }

    /** Requests answered 429. */
    public int rejectedCount() {
        synchronized (windowLock) {
            return rejected;
        }
    }

    /** The most requests (any answer) that arrived within one 60-second window of the clock. */
    public int maxRequestsInAnyMinute() {
        synchronized (windowLock) {
            return maxInWindow;
        }
    }

    /** Every request received since the last {@link #resetCounters}, in arrival order. */
    public List<Received> received() {
        return List.copyOf(received);
    }

    public void resetCounters() {
        requests.clear();
        received.clear();
        synchronized (windowLock) {
            accepted.clear();
            arrivals.clear();
            maxInWindow = 0;
            rejected = 0;
        }
    }

    @Override
    public void close() {
        http.close();
    }

    // ---- HTTP ----------------------------------------------------------------------------------------------------

    private record Reply(int status, Object body, Long retryAfter) {
        Reply(int status, Object body) {
            this(status, body, null);
        }
    }

    private void handle(HttpExchange exchange) throws IOException {
        Reply reply = route(exchange, exchange.getRequestBody().readAllBytes());
        SimulatedHttpServer.pause(responseDelay);
        if (reply.retryAfter() != null) {
            exchange.getResponseHeaders().set("Retry-After", Long.toString(reply.retryAfter()));
        }
        SimulatedHttpServer.writeJson(exchange, reply.status(), "application/json", json.writeValueAsBytes(reply.body()));
    }

    private Reply route(HttpExchange exchange, byte[] body) {
        String path = exchange.getRequestURI().getPath();
        String method = exchange.getRequestMethod();
        Map<String, String> query = query(exchange.getRequestURI().getRawQuery());
        String endpoint = endpoint(method, path);
        received.add(new Received(method, path, query, new String(body, StandardCharsets.UTF_8)));
        requests.computeIfAbsent(endpoint, k -> new AtomicInteger()).incrementAndGet();
        Long retryAfter = admit();
        if (retryAfter != null) {
            return new Reply(429, json.createObjectNode().put("message", "Too Many Attempts."), retryAfter);
        }
        if (http.serviceUnavailable()) {
            return new Reply(503, json.createObjectNode().put("message", "Service Unavailable"));
        }
        if (failNext.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
            return new Reply(failStatus, json.createObjectNode().put("message", "Server Error"));
        }
        if (endpoint.equals(TOKEN)) {
            return token(body);
        }
        if (!authorized(exchange)) {
            return new Reply(401, json.createObjectNode().put("message", "Unauthenticated."));
        }
        if (businessErrorNext.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
            return businessError("Favor preencher os campos obrigatórios.", "O campo termo_busca é obrigatório.");
        }
        return switch (endpoint) {
            case CLIENT_LOOKUP -> clientLookup(query);
            case CLIENT_LIST -> clientList(query);
            case TICKET_PAGE -> ticketPage(method, path, query, body);
            case TICKET_CREATE -> ticketCreate(body);
            case TICKET_SINGLE -> ticketSingle(path);
            case INVOICES -> invoices(query);
            default -> new Reply(404, json.createObjectNode().put("message", "Not Found"));
        };
    }

    private static String endpoint(String method, String path) {
        if (path.equals("/oauth/token")) {
            return TOKEN;
        }
        if (path.equals("/api/v1/integracao/cliente")) {
            return CLIENT_LOOKUP;
        }
        if (path.equals("/api/v1/integracao/cliente/todos")) {
            return CLIENT_LIST;
        }
        if (path.startsWith("/api/v1/integracao/atendimento/paginado/")) {
            return TICKET_PAGE;
        }
        if (path.equals("/api/v1/integracao/atendimento") && method.equals("POST")) {
            return TICKET_CREATE;
        }
        if (path.matches("/api/v1/integracao/atendimento/\\d+") && method.equals("GET")) {
            return TICKET_SINGLE;
        }
        if (path.equals("/api/v1/integracao/cliente/financeiro")) {
            return INVOICES;
        }
        return "other";
    }

    /** Records the arrival; returns the Retry-After seconds when the account is over its limit. */
    private Long admit() {
        synchronized (windowLock) {
            Instant now = clock.instant();
            arrivals.addLast(now);
            while (!arrivals.isEmpty() && !arrivals.peekFirst().isAfter(now.minus(WINDOW))) {
                arrivals.pollFirst();
            }
            maxInWindow = Math.max(maxInWindow, arrivals.size());
            while (!accepted.isEmpty() && !accepted.peekFirst().isAfter(now.minus(WINDOW))) {
                accepted.pollFirst();
            }
            if (accepted.size() >= limitPerMinute) {
                rejected++;
                long millis = Duration.between(now, accepted.peekFirst().plus(WINDOW)).toMillis();
                return Math.max(1, (millis + 999) / 1000);
            }
            accepted.addLast(now);
            return null;
        }
    }

    private boolean authorized(HttpExchange exchange) {
        String header = exchange.getRequestHeaders().getFirst("Authorization");
        if (header == null || !header.startsWith("Bearer ")) {
            return false;
        }
        Instant expiresAt = tokens.get(header.substring("Bearer ".length()));
        return expiresAt != null && clock.instant().isBefore(expiresAt);
    }

    private Reply token(byte[] body) {
        JsonNode request;
        try {
            request = json.readTree(body);
        } catch (IOException e) {
            request = json.missingNode();
        }
        boolean valid = "password".equals(request.path("grant_type").asText())
                && credentials.clientId().equals(request.path("client_id").asText())
                && credentials.clientSecret().equals(request.path("client_secret").asText())
                && credentials.username().equals(request.path("username").asText())
                && credentials.password().equals(request.path("password").asText());
        if (!valid) {
            return new Reply(401, json.createObjectNode().put("error", "invalid_credentials")
                    .put("error_description", "The user credentials were incorrect.").put("message", "The user credentials were incorrect."));
        }
        String token = "eyJ" + UUID.randomUUID().toString().replace("-", "") + UUID.randomUUID().toString().replace("-", "");
        Duration lifetime = tokenLifetime;
        tokens.put(token, clock.instant().plus(lifetime));
        return new Reply(200, json.createObjectNode().put("token_type", "Bearer").put("expires_in", lifetime.toSeconds())
                .put("access_token", token).put("refresh_token", "def50200" + UUID.randomUUID().toString().replace("-", "")));
    }

    private Reply clientLookup(Map<String, String> query) {
        String term = query.getOrDefault("termo_busca", "");
        if (!"cpf_cnpj".equals(query.get("busca")) || term.isBlank()) {
            return businessError("Favor preencher os campos obrigatórios.", "O campo termo_busca é obrigatório.");
        }
        int limit = Integer.parseInt(query.getOrDefault("limit", "5"));
        if (limit < 1 || limit > 100) {
            return businessError("Favor preencher os campos obrigatórios.", "O campo limit deve estar entre 1 e 100.");
        }
        boolean withCancelled = "sim".equals(query.get("cancelado"));
        String inactive = query.getOrDefault("inativo", "nao");
        ObjectNode reply = success("Dados consultados com sucesso");
        ArrayNode list = reply.putArray("clientes");
        Client client = clients.get(key(term));
        boolean activeMatches = client != null && (inactive.equals("todos") || client.active == inactive.equals("nao"));
        if (activeMatches) {
            ObjectNode node = clientJson(client, withCancelled);
            if (!node.path("servicos").isEmpty()) {
                list.add(node);
            }
        }
        return new Reply(200, reply);
    }

    private Reply clientList(Map<String, String> query) {
        if (!query.containsKey("pagina") || !query.containsKey("itens_por_pagina")) {
            return businessError("Favor preencher os campos obrigatórios de acordo com as especificações", "O campo pagina é obrigatório.");
        }
        int page = Integer.parseInt(query.get("pagina"));
        int perPage = Integer.parseInt(query.get("itens_por_pagina"));
        if (page < 0 || perPage < 1 || perPage > 500) {
            return businessError("Favor preencher os campos obrigatórios.", "O campo itens_por_pagina deve estar entre 1 e 500.");
        }
        boolean withCancelled = "sim".equals(query.get("cancelado"));
        List<ObjectNode> all = clients.values().stream().sorted((a, b) -> Long.compare(a.id, b.id))
                .map(c -> clientJson(c, withCancelled)).filter(c -> !c.path("servicos").isEmpty())
                .map(HubSoftSimulator::withoutAlert).toList();
        int lastPage = Math.max(0, (all.size() + perPage - 1) / perPage - 1);
        ObjectNode reply = success("Dados consultados com sucesso");
        reply.putObject("paginacao").put("primeira_pagina", 0).put("ultima_pagina", lastPage).put("pagina_atual", page)
                .put("total_registros", all.size());
        ArrayNode list = reply.putArray("clientes");
        all.stream().skip((long) page * perPage).limit(perPage).forEach(list::add);
        return new Reply(200, reply);
    }

    private Reply ticketPage(String method, String path, Map<String, String> query, byte[] body) {
        if (!ticketPageMethods.contains(method)) {
            return new Reply(405, json.createObjectNode().put("message", "The " + method + " method is not supported for this route."));
        }
        Map<String, String> input = new LinkedHashMap<>(query);
        if (method.equals("POST") && body.length > 0) {
            try {
                json.readTree(body).fields().forEachRemaining(f -> input.putIfAbsent(f.getKey(), f.getValue().asText()));
            } catch (IOException notJson) {
                return businessError("Favor preencher os campos obrigatórios.", "O corpo da requisição não é JSON.");
            }
        }
        for (String required : List.of("data_inicio", "data_fim")) {
            if (input.getOrDefault(required, "").isBlank()) {
                return businessError("Favor preencher os campos obrigatórios.", "O campo " + required + " é obrigatório.");
            }
        }
        LocalDate from = LocalDate.parse(input.get("data_inicio"));
        LocalDate to = LocalDate.parse(input.get("data_fim"));
        int perPage = Integer.parseInt(path.substring(path.lastIndexOf('/') + 1));
        int page = Integer.parseInt(input.getOrDefault("page", input.getOrDefault("pagina", "1")));
        List<TicketRow> all = tickets.values().stream().filter(t -> !t.createdOn().isBefore(from) && !t.createdOn().isAfter(to))
                .sorted((a, b) -> Long.compare(a.id(), b.id())).toList();
        int lastPage = Math.max(1, (all.size() + perPage - 1) / perPage);
        ObjectNode reply = success("Dados consultados com sucesso");
        ObjectNode paginator = reply.putObject("atendimentos");
        paginator.put("current_page", page);
        ArrayNode data = paginator.putArray("data");
        all.stream().skip((long) (page - 1) * perPage).limit(perPage).forEach(t -> data.add(ticketJson(t)));
        paginator.put("first_page_url", baseUrl() + path + "?page=1").put("from", (page - 1) * perPage + 1)
                .put("last_page", lastPage).put("last_page_url", baseUrl() + path + "?page=" + lastPage);
        if (page < lastPage) {
            paginator.put("next_page_url", baseUrl() + path + "?page=" + (page + 1));
        } else {
            paginator.putNull("next_page_url");
        }
        paginator.put("path", baseUrl() + path).put("per_page", perPage);
        if (page > 1) {
            paginator.put("prev_page_url", baseUrl() + path + "?page=" + (page - 1));
        } else {
            paginator.putNull("prev_page_url");
        }
        paginator.put("to", Math.min(all.size(), page * perPage)).put("total", all.size());
        return new Reply(200, reply);
    }

    /** One ticket by id: what a per-ticket sync (seed 003's "before") asks; the shape is inferred from ticket creation's. */
    private Reply ticketSingle(String path) {
        TicketRow row = tickets.get(Long.parseLong(path.substring(path.lastIndexOf('/') + 1)));
        if (row == null) {
            return businessError("Atendimento não encontrado.", "O atendimento informado não existe.");
        }
        ObjectNode reply = success("Atendimento consultado com sucesso");
        reply.set("atendimento", ticketJson(row));
        return new Reply(200, reply);
    }

    private Reply ticketCreate(byte[] body) {
        JsonNode request;
        try {
            request = json.readTree(body);
        } catch (IOException e) {
            request = json.missingNode();
        }
        // The documented example sends the id as a string ("11000"); numbers are accepted too.
        if (!request.path("id_cliente_servico").asText("").matches("\\d+") || request.path("descricao").asText("").isBlank()) {
            return businessError("Favor preencher os campos obrigatórios.", "O campo id_cliente_servico é obrigatório.");
        }
        long id = ticketIds.incrementAndGet();
        LocalDate today = LocalDate.now(clock.withZone(ZONE));
        TicketRow row = new TicketRow(id, "2026" + id, "aguardando_analise", today);
        tickets.put(id, row);
        ObjectNode reply = success("Atendimento aberto com sucesso. Anote o protocolo: " + row.protocol() + ".");
        // Creation answers a flat record whose status is the display text, unlike the paginator's status object.
        reply.putObject("atendimento").put("id_atendimento", id).put("protocolo", row.protocol())
                .put("descricao_abertura", request.path("descricao").asText() + " | ATENDIMENTO ABERTO VIA API")
                .putNull("descricao_fechamento").put("data_cadastro", today.format(BR_DATE)).putNull("data_fechamento")
                .put("status", "Aguardando Análise");
        return new Reply(200, reply);
    }

    private Reply invoices(Map<String, String> query) {
        String term = query.getOrDefault("termo_busca", "");
        if (term.isBlank()) {
            return businessError("Favor preencher os campos obrigatórios.", "O campo termo_busca é obrigatório.");
        }
        int limit = Integer.parseInt(query.getOrDefault("limit", "20"));
        if (limit < 1 || limit > 50) {
            return businessError("Favor preencher os campos obrigatórios.", "O campo limit deve estar entre 1 e 50.");
        }
        boolean onlyPending = !"nao".equals(query.get("apenas_pendente"));
        String dateField = query.getOrDefault("tipo_data", "data_vencimento");
        LocalDate from = query.containsKey("data_inicio") ? LocalDate.parse(query.get("data_inicio")) : LocalDate.MIN;
        LocalDate to = query.containsKey("data_fim") ? LocalDate.parse(query.get("data_fim")) : LocalDate.MAX;
        java.util.Comparator<InvoiceRow> order = java.util.Comparator.comparing(InvoiceRow::dueDate);
        if ("valor".equals(query.get("order_by"))) {
            order = java.util.Comparator.comparing(InvoiceRow::amount);
        }
        if ("desc".equals(query.get("order_type"))) {
            order = order.reversed();
        }
        ObjectNode reply = json.createObjectNode().put("status", "suscess").put("msg", "Dados consultados com sucesso");
        ArrayNode list = reply.putArray("faturas");
        invoices.stream().filter(i -> i.document().equals(key(term)) && !(onlyPending && i.paidOn() != null))
                .filter(i -> {
                    LocalDate date = dateField.equals("data_pagamento") ? i.paidOn() : i.dueDate();
                    return date != null && !date.isBefore(from) && !date.isAfter(to);
                })
                .sorted(order).limit(limit).forEach(i -> list.add(invoiceJson(i)));
        return new Reply(200, reply);
    }

    private ObjectNode invoiceJson(InvoiceRow i) {
        ObjectNode f = json.createObjectNode().put("id_fatura", i.id()).put("nosso_numero", "000" + i.id())
                .put("linha_digitavel", "75691.31662 01006.726101 27455.420011 8 " + i.id())
                .put("codigo_barras", "7569882170000001232131660100672610274554" + i.id())
                .put("link", baseUrl() + "/pdf/fatura/" + i.id()).put("tipo_cobranca", "boleto")
                .put("valor", i.amount()).put("data_vencimento", i.dueDate().format(BR_DATE))
                .put("data_cadastro", i.dueDate().minusDays(20).format(BR_DATE));
        if (i.paidOn() != null) {
            f.put("data_pagamento", i.paidOn().format(BR_DATE));
        } else {
            f.putNull("data_pagamento");
        }
        return f.put("pix_copia_cola", "00020101021226880014BR.GOV.BCB.PIX" + i.id());
    }

    /** Only the lookup carries {@code alerta} (cliente-200 has it, cliente-todos-200 does not). */
    private static ObjectNode withoutAlert(ObjectNode client) {
        client.remove("alerta");
        return client;
    }

    private ObjectNode clientJson(Client c, boolean withCancelled) {
        ObjectNode node = json.createObjectNode().put("id_cliente", c.id).put("codigo_cliente", c.id - 9_000)
                .put("nome_razaosocial", c.name).put("tipo_pessoa", c.document.length() > 11 ? "pj" : "pf")
                .put("cpf_cnpj", c.document).put("telefone_primario", c.phone).put("email_principal", "cliente" + c.id + "@exemplo.com.br")
                .put("alerta", false);
        ArrayNode services = node.putArray("servicos");
        synchronized (c) {
            for (Service s : c.services) {
                if (!withCancelled && CANCELLED.contains(s.statusPrefix())) {
                    continue;
                }
                services.addObject().put("id_cliente_servico", s.id()).put("nome", s.name()).put("valor", 119.9)
                        .put("status", display(s.statusPrefix())).put("status_prefixo", s.statusPrefix()).put("tecnologia", "FIBRA");
            }
        }
        return node;
    }

    private ObjectNode ticketJson(TicketRow t) {
        ObjectNode node = json.createObjectNode().put("id_atendimento", t.id()).put("protocolo", t.protocol())
                .put("data_cadastro", t.createdOn().atTime(9, 0).format(DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss")));
        node.putObject("status").put("id_atendimento_status", t.statusPrefix().hashCode() & 0xff)
                .put("prefixo", t.statusPrefix()).put("descricao", display(t.statusPrefix())).put("display", display(t.statusPrefix()));
        return node;
    }

    /** HubSoft finds a CPF/CNPJ whatever its punctuation; letters of the alphanumeric CNPJ are part of it. */
    private static String key(String document) {
        return document.replaceAll("[^0-9A-Za-z]", "").toUpperCase(java.util.Locale.ROOT);
    }

    private ObjectNode success(String msg) {
        return json.createObjectNode().put("status", "success").put("msg", msg);
    }

    private Reply businessError(String msg, String error) {
        ObjectNode body = json.createObjectNode().put("status", "error").put("msg", msg);
        body.putArray("errors").add(error);
        return new Reply(200, body);
    }

    private static String display(String prefix) {
        String words = prefix.replace('_', ' ');
        return Character.toUpperCase(words.charAt(0)) + words.substring(1);
    }

    private static Map<String, String> query(String raw) {
        Map<String, String> out = new LinkedHashMap<>();
        if (raw == null || raw.isEmpty()) {
            return out;
        }
        for (String pair : raw.split("&")) {
            int eq = pair.indexOf('=');
            String key = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
            out.put(key, eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
        }
        return out;
    }
}
