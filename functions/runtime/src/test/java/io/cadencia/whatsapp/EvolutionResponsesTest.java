package io.cadencia.whatsapp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

class EvolutionResponsesTest {

    private final EvolutionResponses responses = new EvolutionResponses(new ObjectMapper());

    private SendResult send(int status, String body) {
        return responses.classifySend(status, body, "acme", "5537988242968");
    }

    @Test
    void createdCarriesTheKeyId() {
        String body = """
                {"key":{"remoteJid":"553788242968@s.whatsapp.net","fromMe":true,"id":"3EB08EE8"},
                 "status":"PENDING","message":{"conversation":"Olá"},"messageType":"conversation",
                 "messageTimestamp":1757464274,"instanceId":"u"}""";
        assertThat(send(201, body)).isEqualTo(new SendResult.Sent("3EB08EE8"));
    }

    @Test
    void unparseableSuccessIsStillSent() {
        assertThat(send(201, "<html>")).isEqualTo(new SendResult.Sent(SendResult.Sent.UNKNOWN_ID));
    }

    @Test
    void numberNotOnWhatsappIsPermanent() {
        String body = """
                {"status":400,"error":"Bad Request","response":{"message":[
                 {"jid":"5537988242968@s.whatsapp.net","exists":false,"number":"5537988242968"}]}}""";
        assertThat(send(400, body)).isEqualTo(new SendResult.PermanentFailure("number not on WhatsApp: 5537988242968"));
    }

    @Test
    void schemaErrorIsPermanentWithTheGatewayText() {
        String body = """
                {"status":400,"error":"Bad Request","response":{"message":[["instance requires property \\"text\\""]]}}""";
        assertThat(send(400, body)).isEqualTo(
                new SendResult.PermanentFailure("HTTP 400: instance requires property \"text\""));
    }

    @Test
    void unauthorizedAndUnknownInstanceAreTheTenantsConfigurationNotTheMessages() {
        assertThat(send(401, """
                {"status":401,"error":"Unauthorized","response":{"message":"Unauthorized"}}"""))
                .isEqualTo(new SendResult.InstanceRejected("apikey rejected for instance acme: HTTP 401: Unauthorized"));
        assertThat(send(404, """
                {"status":404,"error":"Not Found","response":{"message":["The \\"acme\\" instance does not exist"]}}"""))
                .isEqualTo(new SendResult.InstanceRejected(
                        "unknown instance acme: HTTP 404: The \"acme\" instance does not exist"));
    }

    @Test
    void storedMessagesOfFindMessages() {
        // Shape of channel.service.ts fetchMessages (EvolutionAPI/evolution-api 2.3.6): messages.{total,pages,currentPage,records}.
        EvolutionResponses.StoredMessages page = responses.parseStoredMessages(200, """
                {"messages":{"total":2,"pages":1,"currentPage":1,"records":[
                 {"id":"c1","key":{"id":"3EB0A","fromMe":true,"remoteJid":"553788242968@s.whatsapp.net"},"pushName":"",
                  "messageType":"conversation","message":{"conversation":"Olá"},"messageTimestamp":1757464274,
                  "instanceId":"i","source":"unknown","contextInfo":null,"MessageUpdate":[{"status":"SERVER_ACK"}]},
                 {"id":"c2","key":{"id":"3EB0B","fromMe":true,"remoteJid":"5511999990000@s.whatsapp.net"},
                  "messageType":"extendedTextMessage","message":{"extendedTextMessage":{"text":"Com link"}},"messageTimestamp":1757464200}]}}""");
        assertThat(page.pages()).isEqualTo(1);
        assertThat(page.records()).containsExactly(
                new EvolutionResponses.StoredMessage("3EB0A", "553788242968@s.whatsapp.net", true, "Olá"),
                new EvolutionResponses.StoredMessage("3EB0B", "5511999990000@s.whatsapp.net", true, "Com link"));
        assertThatThrownBy(() -> responses.parseStoredMessages(500, """
                {"status":500,"error":"Internal Server Error","response":{"message":"Can't reach database server"}}"""))
                .isInstanceOfSatisfying(EvolutionException.class, e -> assertThat(e.temporary()).isTrue());
    }

    @Test
    void aStoredJidWithoutTheNinthDigitIsTheSameCustomer() {
        assertThat(PhoneDigits.sameWhatsAppNumber("5537988242968", "553788242968@s.whatsapp.net")).isTrue();
        assertThat(PhoneDigits.sameWhatsAppNumber("5537988242968", "5537988242968@s.whatsapp.net")).isTrue();
        assertThat(PhoneDigits.sameWhatsAppNumber("5537988242968", "553788242969@s.whatsapp.net")).isFalse();
        assertThat(PhoneDigits.sameWhatsAppNumber("553733242968", "55373242968@s.whatsapp.net")).isFalse();
    }

    @Test
    void serverErrorsAndRateLimitsAreTemporary() {
        assertThat(send(500, """
                {"status":500,"error":"Internal Server Error","response":{"message":"Connection Closed"}}"""))
                .isEqualTo(new SendResult.TemporaryFailure("HTTP 500: Connection Closed"));
        assertThat(send(503, "")).isEqualTo(new SendResult.TemporaryFailure("HTTP 503"));
        assertThat(send(429, "slow down")).isEqualTo(new SendResult.TemporaryFailure("HTTP 429: slow down"));
        assertThat(send(502, "<html>bad gateway</html>")).isInstanceOf(SendResult.TemporaryFailure.class);
    }

    @Test
    void longErrorBodiesAreTruncated() {
        SendResult result = send(500, "x".repeat(5_000));
        assertThat(((SendResult.TemporaryFailure) result).reason()).hasSizeLessThan(320);
    }

    @Test
    void connectionStates() {
        assertThat(responses.classifyState(200, """
                {"instance":{"instanceName":"acme","state":"open"}}""")).isEqualTo(ConnectionState.OPEN);
        assertThat(responses.classifyState(200, """
                {"instance":{"instanceName":"acme","state":"connecting"}}""")).isEqualTo(ConnectionState.CONNECTING);
        assertThat(responses.classifyState(200, """
                {"instance":{"instanceName":"acme","state":"close"}}""")).isEqualTo(ConnectionState.CLOSE);
        assertThat(responses.classifyState(200, "{}")).isInstanceOf(ConnectionState.Unreachable.class);
        assertThat(responses.classifyState(401, """
                {"status":401,"error":"Unauthorized","response":{"message":"Unauthorized"}}"""))
                .isEqualTo(new ConnectionState.Rejected("apikey rejected: HTTP 401: Unauthorized"));
        assertThat(responses.classifyState(503, "")).isEqualTo(new ConnectionState.Unreachable("HTTP 503"));
    }

    @Test
    void numberChecks() {
        assertThat(responses.parseNumberChecks(200, """
                [{"jid":"5537988242968@s.whatsapp.net","exists":true,"number":"5537988242968","name":"Ana"},
                 {"jid":"5511900000000@s.whatsapp.net","exists":false,"number":"5511900000000"}]"""))
                .containsExactly(
                        new NumberCheck("5537988242968", true, "5537988242968@s.whatsapp.net", "Ana"),
                        new NumberCheck("5511900000000", false, "5511900000000@s.whatsapp.net", null));
        assertThatThrownBy(() -> responses.parseNumberChecks(503, ""))
                .isInstanceOfSatisfying(EvolutionException.class, e -> assertThat(e.temporary()).isTrue());
        assertThatThrownBy(() -> responses.parseNumberChecks(401, ""))
                .isInstanceOfSatisfying(EvolutionException.class, e -> assertThat(e.temporary()).isFalse());
    }

    @Test
    void instanceToStringHidesTheApiKey() {
        EvolutionInstance instance = new EvolutionInstance("http://gw/", "acme", "s3cr3t-key");
        assertThat(instance.toString()).doesNotContain("s3cr3t-key").contains("acme");
        assertThat(instance.baseUrl()).isEqualTo("http://gw");
    }
}
