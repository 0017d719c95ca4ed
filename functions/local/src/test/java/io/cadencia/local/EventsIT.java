package io.cadencia.local;

import com.fasterxml.jackson.databind.JsonNode;
import io.cadencia.apikey.ApiKeyFormat;
import io.cadencia.apikey.DynamoApiKeyStore;
import io.cadencia.app.Cadencia;
import io.cadencia.aws.Json;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/** Every file in events/ is a working console test event for its function, as `./cadencia invoke` runs it. */
class EventsIT {

    static final Path EVENTS = Path.of("../../events");
    static LocalEnvironment env;

    @BeforeAll
    static void start() {
        env = LocalEnvironment.start(new SimulatedClock(Instant.parse("2026-11-24T13:00:30Z"), Cadencia.ZONE));
        env.seedTenants(2);
        seedSampleKey();
    }

    /**
     * The Function URL sample's key, stored for its tenant as api-key-create would store it (by its hash): real
     * keys are random, so a sample's key can only be made valid this way.
     */
    static void seedSampleKey() {
        try {
            String key = Json.MAPPER.readTree(Files.readString(EVENTS.resolve("billing-ingest-function-url.json")))
                    .path("headers").path("authorization").asText().substring("Bearer ".length());
            ApiKeyFormat.Presented sample = ApiKeyFormat.parse(key).orElseThrow();
            new DynamoApiKeyStore(env.aws().clients().dynamo(), env.app("ControlFunction").settings().tables().tenants())
                    .create(new ApiKeyFormat.Issued(sample.tenant(), sample.keyId(), sample.prefix(), key, ApiKeyFormat.hash(key)),
                            Instant.parse("2026-11-24T13:00:00Z"), 2);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    @AfterAll
    static void stop() {
        env.close();
    }

    /** dispatcher-<category>.json → <Category>DispatcherFunction, sqs-<category>.json → worker, control-* → ControlFunction. */
    static String functionFor(String file) {
        String base = file.replace(".json", "");
        if (base.startsWith("control-")) {
            return "ControlFunction";
        }
        if (base.startsWith("billing-ingest")) {
            return "BillingIngestFunction";
        }
        String[] parts = base.split("-", 2);
        String category = parts[1];
        String kind = parts[0].equals("dispatcher") ? "DispatcherHandler" : parts[0].equals("sqs") ? "WorkerHandler" : null;
        if (kind == null) {
            return env.deployment().functions().keySet().stream()
                    .filter(id -> id.toLowerCase().startsWith(base.replace("-", "").toLowerCase()))
                    .findFirst().orElseThrow(() -> new AssertionError("no function for events/" + file));
        }
        return env.deployment().functionFor(kind, category).logicalId();
    }

    @TestFactory
    Stream<DynamicTest> everyEventInvokesItsFunctionWithoutError() throws IOException {
        List<Path> files;
        try (Stream<Path> list = Files.list(EVENTS)) {
            files = list.filter(p -> p.toString().endsWith(".json")).sorted().toList();
        }
        assertThat(files).hasSizeGreaterThanOrEqualTo(30);
        return files.stream().map(file -> DynamicTest.dynamicTest(file.getFileName().toString(), () -> {
            String response = env.invoke(functionFor(file.getFileName().toString()), Files.readString(file));
            expectSuccess(file.getFileName().toString(), Json.MAPPER.readTree(Files.readString(file)), Json.MAPPER.readTree(response));
        }));
    }

    /**
     * What a working event answers, by kind. Any JSON object used to pass, a refusal or a skipped tick included; each
     * kind's success is now spelled out, and no answer may be an error (nor, for the controls, hold one, such as a
     * queue depth that could not be read; ingest's sample event has items refused on purpose).
     */
    static void expectSuccess(String file, JsonNode event, JsonNode response) {
        assertThat(response.isObject()).as(file).isTrue();
        assertThat(response.has("error")).as("%s answered %s", file, response).isFalse();
        if (file.startsWith("dispatcher-") && List.of("nothing due", "no tenant's slot").contains(response.path("detail").asText())) {
            // A due-driven job's tick with no tenant due, or a tenant-time job's with no tenant in its slot, dispatches
            // nothing, by design.
            assertThat(response.path("status").asText()).as(file).isEqualTo("NO_TENANTS");
            assertThat(response.path("messages").asInt()).as(file).isZero();
        } else if (file.startsWith("dispatcher-")) {
            assertThat(response.path("status").asText()).as(file).isEqualTo("DISPATCHED");
            assertThat(response.path("messages").asInt()).as(file).isPositive().isEqualTo(response.path("tenants").asInt());
        } else if (file.startsWith("sqs-")) {
            assertThat(response.path("batchItemFailures").isArray()).as(file).isTrue();
            assertThat(response.path("batchItemFailures")).as(file).isEmpty();
        } else if (file.startsWith("control-")) {
            assertThat(response.path("action").asText()).as(file).isEqualTo(event.path("action").asText());
            assertThat(response.findValues("error")).as("errors in the answer to %s: %s", file, response).isEmpty();
        } else if (file.equals("billing-ingest-function-url.json")) {
            assertThat(response.path("statusCode").asInt()).as("%s answered %s", file, response).isEqualTo(200);
            try {
                assertThat(Json.MAPPER.readTree(response.path("body").asText()).path("created").asInt()).as(file).isEqualTo(1);
            } catch (IOException e) {
                throw new AssertionError(file + " answered a body that is not JSON: " + response, e);
            }
        } else {
            assertThat(file).isEqualTo("billing-ingest.json");
            assertThat(response.path("failed").asInt()).as(file).isZero();
            assertThat(response.path("created").asInt()).as(file).isPositive();
            assertThat(response.path("received").asInt()).as(file).isEqualTo(response.path("created").asInt()
                    + response.path("duplicate").asInt() + response.path("rejected").asInt());
        }
    }
}
