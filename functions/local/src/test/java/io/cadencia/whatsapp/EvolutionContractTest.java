package io.cadencia.whatsapp;

import static io.cadencia.local.vendor.VendorFixtures.json;
import static io.cadencia.local.vendor.VendorFixtures.parse;
import static io.cadencia.local.vendor.VendorFixtures.shapeViolations;
import static io.cadencia.local.vendor.VendorFixtures.text;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import io.cadencia.local.evolution.EvolutionSimulator;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Evolution API 2.3.6 is the oracle (fixtures in {@code vendor/evolution}, sources in its SOURCES.md): (a) every
 * documented body goes verbatim through the real client's parsing; (b) every request the real client sends is valid
 * against Evolution's own request schemas; (c) the simulator answers with the same bodies.
 */
class EvolutionContractTest {

    private static final String NUMBER = "5537988242968";

    private final EvolutionResponses responses = new EvolutionResponses(new ObjectMapper());
    private final EvolutionSimulator sim = new EvolutionSimulator("global-key", Clock.fixed(Instant.parse("2026-01-05T12:00:00Z"), ZoneOffset.UTC));
    private final EvolutionClient client = new EvolutionClient(new ObjectMapper());
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private final EvolutionInstance instance;

    EvolutionContractTest() {
        sim.addInstance("cadencia-x", "instance-key");
        instance = new EvolutionInstance(sim.baseUrl(), "cadencia-x", "instance-key");
    }

    @AfterEach
    void stop() {
        sim.close();
    }

    // (a) documented bodies through the real parsing

    @Test
    void aSentMessageIsReadFromTheDocumentedBody() {
        assertThat(responses.classifySend(201, text("evolution/sendText-201.json"), "cadencia-x", NUMBER))
                .isEqualTo(new SendResult.Sent("3EB08EE8D1A2B3C4D5E6F7"));
    }

    @Test
    void a400IsClassifiedByWhatItsBodySays() {
        assertThat(send400("sendText-400-not-on-whatsapp.json")).isInstanceOf(SendResult.PermanentFailure.class);
        assertThat(send400("sendText-400-schema.json")).isInstanceOf(SendResult.PermanentFailure.class);
        assertThat(send400("sendText-400-text-required.json")).isInstanceOf(SendResult.PermanentFailure.class);
        assertThat(send400("sendText-400-connection-closed.json"))
                .isEqualTo(new SendResult.TemporaryFailure("HTTP 400: Error: Connection Closed"));
        assertThat(send400("sendText-400-send-error.json"))
                .isEqualTo(new SendResult.TemporaryFailure("HTTP 400: Error: Timed Out"));
    }

    @Test
    void otherDocumentedErrorsAreClassified() {
        assertThat(responses.classifySend(500, text("evolution/sendText-500-connection-closed.json"), "cadencia-x", NUMBER))
                .isEqualTo(new SendResult.TemporaryFailure("HTTP 500: Connection Closed"));
        assertThat(responses.classifySend(401, text("evolution/401-unauthorized.json"), "cadencia-x", NUMBER))
                .isEqualTo(new SendResult.InstanceRejected("apikey rejected for instance cadencia-x: HTTP 401: Unauthorized"));
        assertThat(responses.classifySend(404, text("evolution/404-unknown-instance.json"), "cadencia-x", NUMBER))
                .isEqualTo(new SendResult.InstanceRejected("unknown instance cadencia-x: HTTP 404: The \"cadencia-x\" instance does not exist"));
        assertThat(responses.classifyState(401, text("evolution/401-unauthorized.json")))
                .isEqualTo(new ConnectionState.Rejected("apikey rejected: HTTP 401: Unauthorized"));
        assertThat(responses.classifyState(200, text("evolution/connectionState-200.json"))).isEqualTo(ConnectionState.OPEN);
    }

    @Test
    void numberChecksAreReadAndTheirErrorsClassified() {
        assertThat(responses.parseNumberChecks(200, text("evolution/whatsappNumbers-200.json"))).containsExactly(
                new NumberCheck("5537988242968", true, "553788242968@s.whatsapp.net", "Guilherme"),
                new NumberCheck("5537999990000", false, "5537999990000@s.whatsapp.net", null));
        assertThatThrownBy(() -> responses.parseNumberChecks(400, text("evolution/whatsappNumbers-400-connection-closed.json")))
                .isInstanceOfSatisfying(EvolutionException.class, e -> {
                    assertThat(e.temporary()).as("a dropped connection is temporary").isTrue();
                    assertThat(e.getMessage()).contains("Connection Closed");
                });
        assertThatThrownBy(() -> responses.parseNumberChecks(400, text("evolution/whatsappNumbers-400-schema.json")))
                .isInstanceOfSatisfying(EvolutionException.class, e -> assertThat(e.temporary()).isFalse());
    }

    // (b) our requests against Evolution's request schemas

    @Test
    void everyRequestTheClientSendsIsValidAgainstEvolutionsSchemas() {
        assertThat(validate("textMessage", json("evolution/sendText-request.json"))).as("the schema fixture accepts the documented request").isEmpty();
        assertThat(validate("textMessage", parse("{\"number\":5537988242968}"))).as("and refuses a bad one").hasSize(2);

        client.sendText(instance, NUMBER, "Olá, sua fatura vence amanhã");
        client.whatsappNumbers(instance, List.of(NUMBER));
        client.connectionState(instance);

        List<EvolutionSimulator.Received> received = sim.received();
        assertThat(received).extracting(EvolutionSimulator.Received::path).containsExactly(
                "/message/sendText/cadencia-x", "/chat/whatsappNumbers/cadencia-x", "/instance/connectionState/cadencia-x");
        assertThat(validate("textMessage", parse(received.get(0).body()))).isEmpty();
        assertThat(validate("whatsappNumber", parse(received.get(1).body()))).isEmpty();
        assertThat(received.get(2).method()).isEqualTo("GET");
    }

    // (c) the simulator answers as Evolution does

    @Test
    void theSimulatorsSuccessBodiesHaveEvolutionsShape() throws Exception {
        HttpResponse<String> sent = call("POST", "/message/sendText/cadencia-x", "instance-key", text("evolution/sendText-request.json"));
        assertThat(sent.statusCode()).isEqualTo(201);
        assertThat(shapeViolations(json("evolution/sendText-201.json"), parse(sent.body()))).isEmpty();

        HttpResponse<String> state = call("GET", "/instance/connectionState/cadencia-x", "instance-key", null);
        assertThat(parse(state.body())).isEqualTo(json("evolution/connectionState-200.json"));

        sim.addMissingNumber("5537999990000");
        HttpResponse<String> numbers = call("POST", "/chat/whatsappNumbers/cadencia-x", "instance-key",
                "{\"numbers\":[\"5537988242968\",\"5537999990000\"]}");
        assertThat(numbers.statusCode()).isEqualTo(200);
        assertThat(shapeViolations(json("evolution/whatsappNumbers-200.json"), parse(numbers.body()))).isEmpty();
    }

    @Test
    void theSimulatorsErrorBodiesAreEvolutions() throws Exception {
        assertThat(call("POST", "/message/sendText/cadencia-x", "wrong-key", text("evolution/sendText-request.json")))
                .satisfies(r -> assertReply(r, 401, "401-unauthorized.json"));
        assertThat(call("POST", "/message/sendText/cadencia-x", "instance-key", "{\"number\":\"" + NUMBER + "\"}"))
                .satisfies(r -> assertReply(r, 400, "sendText-400-schema.json"));
        assertThat(call("POST", "/message/sendText/cadencia-x", "instance-key", "{\"number\":\"" + NUMBER + "\",\"text\":\" \"}"))
                .satisfies(r -> assertReply(r, 400, "sendText-400-text-required.json"));
        assertThat(call("POST", "/chat/whatsappNumbers/cadencia-x", "instance-key", "{\"numbers\":[5537988242968]}"))
                .satisfies(r -> assertReply(r, 400, "whatsappNumbers-400-schema.json"));
        sim.addMissingNumber("5537999990000");
        assertThat(call("POST", "/message/sendText/cadencia-x", "instance-key", "{\"number\":\"5537999990000\",\"text\":\"Olá\"}"))
                .satisfies(r -> assertReply(r, 400, "sendText-400-not-on-whatsapp.json"));
    }

    @Test
    void anUnknownInstanceIs404EvenWithAWrongKey() throws Exception {
        HttpResponse<String> reply = call("POST", "/message/sendText/cadencia-y", "wrong-key", text("evolution/sendText-request.json"));
        assertThat(reply.statusCode()).isEqualTo(404);
        assertThat(parse(reply.body())).isEqualTo(parse(text("evolution/404-unknown-instance.json").replace("cadencia-x", "cadencia-y")));
    }

    @Test
    void aDroppedConnectionFailsAsEvolutionDoes_cachedNumbersWhileSending_othersInTheCheck() throws Exception {
        call("POST", "/chat/whatsappNumbers/cadencia-x", "instance-key", "{\"numbers\":[\"" + NUMBER + "\"]}");
        sim.setState("cadencia-x", EvolutionSimulator.State.CONNECTING);

        assertThat(call("POST", "/message/sendText/cadencia-x", "instance-key", text("evolution/sendText-request.json")))
                .satisfies(r -> assertReply(r, 400, "sendText-400-connection-closed.json"));
        assertThat(call("POST", "/message/sendText/cadencia-x", "instance-key", "{\"number\":\"5511987654321\",\"text\":\"Olá\"}"))
                .satisfies(r -> assertReply(r, 500, "sendText-500-connection-closed.json"));
        assertThat(call("POST", "/chat/whatsappNumbers/cadencia-x", "instance-key", "{\"numbers\":[\"5511987654321\"]}"))
                .satisfies(r -> assertReply(r, 400, "whatsappNumbers-400-connection-closed.json"));
    }

    private SendResult send400(String fixture) {
        return responses.classifySend(400, text("evolution/" + fixture), "cadencia-x", NUMBER);
    }

    private static Set<ValidationMessage> validate(String schema, JsonNode request) {
        JsonSchema validator = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V7)
                .getSchema(json("evolution/" + schema + ".schema.json"));
        return validator.validate(request);
    }

    private static void assertReply(HttpResponse<String> reply, int status, String fixture) {
        assertThat(reply.statusCode()).as("status for %s", fixture).isEqualTo(status);
        assertThat(parse(reply.body())).as("body for %s", fixture).isEqualTo(json("evolution/" + fixture));
    }

    private HttpResponse<String> call(String method, String path, String apikey, String body) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(sim.baseUrl() + path)).timeout(Duration.ofSeconds(5))
                .header("apikey", apikey).header("Content-Type", "application/json");
        request.method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}
