package io.cadencia.local;

import io.cadencia.app.Cadencia;
import io.cadencia.aws.Json;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

/** `./cadencia serve`: the Lambda Invoke API that `aws lambda invoke --endpoint-url` and SAM tooling speak. */
class LocalServerIT {

    @Test
    void invokesAFunctionAndReportsHandlerErrorsTheWayLambdaDoes() throws Exception {
        SimulatedClock clock = new SimulatedClock(Instant.parse("2026-11-24T13:00:00Z"), Cadencia.ZONE);
        int port = EmbeddedAws.freePort();
        try (LocalEnvironment env = LocalEnvironment.start(clock); LocalServer server = LocalServer.start(env, port)) {
            env.seedTenants(2);
            HttpClient http = HttpClient.newHttpClient();

            HttpResponse<String> ok = http.send(invoke(port, "ControlFunction", "{\"action\":\"run-now\",\"job\":\"report_manha\"}"),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(ok.statusCode()).isEqualTo(200);
            assertThat(Json.MAPPER.readTree(ok.body()).get("messages").asInt()).isEqualTo(2);
            assertThat(env.tenantApp().calls()).as("the queued work was drained after the invocation").hasSize(2);

            HttpResponse<String> failed = http.send(invoke(port, "ControlFunction", "{\"action\":\"nope\"}"), HttpResponse.BodyHandlers.ofString());
            assertThat(failed.statusCode()).isEqualTo(200);
            assertThat(failed.headers().firstValue("X-Amz-Function-Error")).contains("Unhandled");
            assertThat(Json.MAPPER.readTree(failed.body()).get("errorMessage").asText()).contains("unknown action 'nope'");

            HttpResponse<String> missing = http.send(invoke(port, "NoSuchFunction", "{}"), HttpResponse.BodyHandlers.ofString());
            assertThat(missing.statusCode()).isEqualTo(404);
            assertThat(missing.body()).contains("Function not found: NoSuchFunction");
        }
    }

    static HttpRequest invoke(int port, String function, String payload) {
        return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/2015-03-31/functions/" + function + "/invocations"))
                .POST(HttpRequest.BodyPublishers.ofString(payload)).build();
    }
}
