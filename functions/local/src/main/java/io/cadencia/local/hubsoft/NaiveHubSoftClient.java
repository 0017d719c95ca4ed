package io.cadencia.local.hubsoft;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

/**
 * Seed 003's "before" client, the benchmark's baseline: no cache, one token per module (cliente, atendimento,
 * financeiro) of each worker, one request per question (client data and contract status separately, one per
 * ticket), no shared limiter. It does honour a 429's Retry-After (at most 3 retries), or its work would be lost.
 */
final class NaiveHubSoftClient {

    private final ObjectMapper json = new ObjectMapper();
    private final HttpClient http;
    private final String host;
    private final JsonNode credentials;
    private final SimulatedSleeper sleeper;
    private final Map<String, String> moduleTokens = new HashMap<>();

    NaiveHubSoftClient(HttpClient http, String credentialsJson, SimulatedSleeper sleeper) throws IOException {
        this.http = http;
        this.credentials = json.readTree(credentialsJson);
        this.host = credentials.path("host").asText();
        this.sleeper = sleeper;
    }

    void clientData(String document) throws Exception {
        get("cliente", "/api/v1/integracao/cliente?busca=cpf_cnpj&termo_busca=" + document);
    }

    /** The same API as clientData: the duplication seed 003 §1 removed. */
    void contractStatus(String document) throws Exception {
        get("cliente", "/api/v1/integracao/cliente?busca=cpf_cnpj&termo_busca=" + document);
    }

    void ticket(long id) throws Exception {
        get("atendimento", "/api/v1/integracao/atendimento/" + id);
    }

    void createTicket(long serviceId, String description) throws Exception {
        send("atendimento", HttpRequest.newBuilder(URI.create(host + "/api/v1/integracao/atendimento"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"id_cliente_servico\":" + serviceId + ",\"descricao\":\"" + description + "\"}")));
    }

    void invoices(String document) throws Exception {
        get("financeiro", "/api/v1/integracao/cliente/financeiro?busca=cpf_cnpj&termo_busca=" + document + "&apenas_pendente=nao");
    }

    private void get(String module, String pathAndQuery) throws Exception {
        send(module, HttpRequest.newBuilder(URI.create(host + pathAndQuery)).GET());
    }

    private void send(String module, HttpRequest.Builder request) throws Exception {
        for (int attempt = 0; ; attempt++) {
            HttpResponse<String> response = http.send(request.copy().header("Authorization", "Bearer " + token(module)).build(),
                    HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() == 429 && attempt < 3) {
                sleeper.sleep(Duration.ofSeconds(Long.parseLong(response.headers().firstValue("Retry-After").orElse("1"))));
                continue;
            }
            if (response.statusCode() == 401 && attempt < 3) {
                moduleTokens.remove(module);
                continue;
            }
            return;
        }
    }

    private String token(String module) throws Exception {
        String token = moduleTokens.get(module);
        for (int attempt = 0; token == null && attempt < 4; attempt++) {
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(host + "/oauth/token"))
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString("{\"grant_type\":\"password\",\"client_id\":\"" + credentials.path("client_id").asText()
                            + "\",\"client_secret\":\"" + credentials.path("client_secret").asText() + "\",\"username\":\""
                            + credentials.path("username").asText() + "\",\"password\":\"" + credentials.path("password").asText() + "\"}"))
                    .build(), HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() == 429) {
                sleeper.sleep(Duration.ofSeconds(Long.parseLong(response.headers().firstValue("Retry-After").orElse("1"))));
                continue;
            }
            token = json.readTree(response.body()).path("access_token").asText(null);
        }
        if (token == null) {
            throw new IllegalStateException("naive client got no token");
        }
        moduleTokens.put(module, token);
        return token;
    }
}
