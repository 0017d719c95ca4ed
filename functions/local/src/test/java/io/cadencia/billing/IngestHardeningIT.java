package io.cadencia.billing;

import io.cadencia.app.Cadencia;
import io.cadencia.lambda.IngestHandler;
import io.cadencia.aws.Attr;
import io.cadencia.aws.Json;
import io.cadencia.config.RuntimeConfig;
import io.cadencia.local.BillingData;
import io.cadencia.tenant.Tenant;
import io.cadencia.tenant.TenantScope;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.PutItemRequest;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

import static io.cadencia.billing.BillingEdgeCasesIT.TODAY;
import static io.cadencia.billing.BillingEdgeCasesIT.TUESDAY_10H;
import static org.assertj.core.api.Assertions.assertThat;

/** Issue 7.5 and the ingest part of 7.11: ingest never half-fails, through the real ingest function. */
class IngestHardeningIT {

    static BillingStack stack;
    static int n = 40_000;

    @BeforeAll
    static void start() {
        stack = BillingStack.productionPacing(TUESDAY_10H, "harden");
    }

    @AfterAll
    static void stop() {
        stack.close();
    }

    private static Map<String, Object> valid(String id) {
        return BillingData.valid(id, ++n, TODAY.plusDays(10));
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> customer(Map<String, Object> item) {
        return (Map<String, Object>) item.get("customer");
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> error(Map<String, Object> result, int index) {
        return (Map<String, Object>) BillingStack.result(result, index).get("error");
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> viaUrl(Map<String, Object> headers, String body, boolean base64) throws Exception {
        Map<String, Object> event = new LinkedHashMap<>();
        event.put("requestContext", Map.of("http", Map.of("method", "POST")));
        event.put("headers", headers);
        event.put("isBase64Encoded", base64);
        event.put("body", body);
        return Json.MAPPER.readValue(stack.env.invoke("BillingIngestFunction", Json.MAPPER.writeValueAsString(event)), Map.class);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> bodyOf(Map<String, Object> response) throws Exception {
        return Json.MAPPER.readValue(response.get("body").toString(), Map.class);
    }

    @Test
    void aOneMegabyteNameIsRejectedNamingFieldAndLimitWhileItsNeighboursAreCreated() {
        Tenant tenant = stack.tenant(Map.of());
        Map<String, Object> huge = valid("mb-2");
        customer(huge).put("name", "Maria " + "a".repeat(1024 * 1024));
        Map<String, Object> result = stack.ingest(tenant.id(), List.of(valid("mb-1"), huge, valid("mb-3")));

        assertThat(result).containsEntry("created", 2).containsEntry("rejected", 1);
        assertThat(BillingStack.result(result, 1)).containsEntry("status", "rejected");
        assertThat(error(result, 1)).containsEntry("field", "customer.name");
        assertThat(error(result, 1).get("message").toString())
                .isEqualTo("\"Maria aaaaaaaaaaaaaa…\" is 1048582 characters long; at most 200 are accepted");
        assertThat(stack.billing().cycles().idFor(tenant.id(), "mb-1")).isPresent();
        assertThat(stack.billing().cycles().idFor(tenant.id(), "mb-2")).isEmpty();
        assertThat(stack.billing().cycles().idFor(tenant.id(), "mb-3")).isPresent();
    }

    @Test
    void everyTextFieldHasADocumentedLimitAndAValueAtTheLimitIsAccepted() {
        Tenant tenant = stack.tenant(Map.of());
        Map<String, Integer> limits = BillingValidator.TEXT_LIMITS;
        assertThat(limits).containsOnlyKeys("externalBillingId", "customer.name", "customer.phone", "customer.document", "dueDate",
                "paymentLink", "pixCode", "hubsoftInvoiceId");
        List<Map<String, Object>> batch = new ArrayList<>();
        limits.forEach((field, limit) -> {
            Map<String, Object> item = valid("lim-" + field);
            String value = field.equals("paymentLink") ? "https://pay.example.com/" + "x".repeat(limit + 1 - 24) : "1".repeat(limit + 1);
            if (field.startsWith("customer.")) {
                customer(item).put(field.substring(9), value);
            } else {
                item.put(field, value);
            }
            batch.add(item);
        });
        Map<String, Object> atLimit = valid("lim-ok");
        customer(atLimit).put("name", "N".repeat(200));
        atLimit.put("paymentLink", "https://pay.example.com/" + "x".repeat(2048 - 24));
        atLimit.put("pixCode", "0".repeat(512));
        batch.add(atLimit);

        Map<String, Object> result = stack.ingest(tenant.id(), batch);
        int i = 0;
        for (Map.Entry<String, Integer> limit : limits.entrySet()) {
            assertThat(BillingStack.result(result, i)).containsEntry("status", "rejected");
            assertThat(error(result, i)).containsEntry("field", limit.getKey());
            assertThat(error(result, i).get("message").toString()).endsWith("; at most " + limit.getValue() + " are accepted");
            i++;
        }
        assertThat(BillingStack.result(result, i)).containsEntry("status", "created");
    }

    @Test
    void amountsAreExactDecimalsWithTwoPlacesAndAnUpperBoundEndToEnd() {
        Tenant tenant = stack.tenant(Map.of(BillingConfig.REMINDER_PLAN, "D0"));
        List<Map<String, Object>> batch = new ArrayList<>();
        Object[] amounts = {new BigDecimal("1234.56"), "1234.56", 0.1, new BigDecimal("1000000.00"), new BigDecimal("1000000.01"),
                new BigDecimal("10.005"), "1e400", 0, true};
        for (int i = 0; i < amounts.length; i++) {
            Map<String, Object> item = BillingData.valid("amt-" + i, ++n, TODAY);
            item.put("amount", amounts[i]);
            batch.add(item);
        }
        Map<String, Object> result = stack.ingest(tenant.id(), batch);
        for (int i = 0; i < 4; i++) {
            assertThat(BillingStack.result(result, i)).containsEntry("status", "created");
        }
        assertThat(stack.billing().cycles().find(tenant.id(), stack.cycleId(result, 0)).orElseThrow().amount()).isEqualTo(new BigDecimal("1234.56"));
        assertThat(stack.billing().cycles().find(tenant.id(), stack.cycleId(result, 2)).orElseThrow().amount()).isEqualTo(new BigDecimal("0.10"));
        assertThat(error(result, 4)).isEqualTo(Map.of("field", "amount", "message", "\"1000000.01\" is more than the maximum 1000000.00"));
        assertThat(error(result, 5)).isEqualTo(Map.of("field", "amount", "message", "\"10.005\" has more than 2 decimal places"));
        assertThat(error(result, 6)).isEqualTo(Map.of("field", "amount", "message", "\"1E+400\" is more than the maximum 1000000.00"));
        assertThat(error(result, 7)).isEqualTo(Map.of("field", "amount", "message", "\"0\" must be greater than zero"));
        assertThat(error(result, 8)).isEqualTo(Map.of("field", "amount", "message",
                "must be a number like 1234.56 or a string like \"1234.56\", got true/false"));

        stack.send(tenant.id());
        String phone = (String) BillingStack.result(result, 0).get("normalizedPhone");
        assertThat(stack.sentTo(phone)).singleElement().satisfies(m -> assertThat(m.text()).contains("R$ 1.234,56 vence hoje"));
    }

    @Test
    void whenTheFirstCopyOfAnIdIsInvalidALaterValidCopyIsProcessed() {
        Tenant tenant = stack.tenant(Map.of());
        Map<String, Object> badFirst = valid("dup-1");
        customer(badFirst).put("phone", "123");
        Map<String, Object> result = stack.ingest(tenant.id(), List.of(badFirst, valid("dup-1"), valid("dup-1")));
        assertThat(BillingStack.result(result, 0)).containsEntry("status", "rejected");
        assertThat(error(result, 0)).containsEntry("field", "customer.phone");
        assertThat(BillingStack.result(result, 1)).containsEntry("status", "created");
        assertThat(BillingStack.result(result, 2)).containsEntry("status", "duplicate");
        assertThat(error(result, 2)).containsEntry("message", "\"dup-1\" is a duplicate of item 1 in this batch");
    }

    @Test
    void malformedRequestsAndItemsAreExplainedInPlainWords() throws Exception {
        Tenant tenant = stack.tenant(Map.of());
        Map<String, Object> key = stack.keyHeaders(tenant);
        assertThat(viaUrl(key, "not base64 at all!", true)).containsEntry("statusCode", 400).satisfies(r -> assertThat(bodyOf(r))
                .isEqualTo(Map.of("error", "request body is marked base64-encoded but is not valid base64")));
        assertThat(bodyOf(viaUrl(key, "[1, 2]", false))).isEqualTo(Map.of("error",
                "request body must be a JSON object like {\"tenantId\": \"...\", \"billings\": [...]}, got an array"));
        assertThat(bodyOf(viaUrl(key, "{\"tenantId\": ", false)).get("error").toString())
                .startsWith("request body is not valid JSON (line 1, column ");
        assertThat(bodyOf(viaUrl(key, "{\"tenantId\": \"" + tenant.id() + "\", \"billings\": {\"a\": 1}}", false))).isEqualTo(Map.of("error",
                "field 'billings' must be an array of billing objects, got an object"));
        assertThat(bodyOf(viaUrl(key, "{\"tenantId\": {\"id\": 1}, \"billings\": []}", false))).isEqualTo(Map.of("error",
                "field 'tenantId' must be text, got an object"));

        Map<String, Object> objectName = valid("plain-4");
        customer(objectName).put("name", Map.of("first", "Ana"));
        Map<String, Object> textCustomer = valid("plain-5");
        textCustomer.put("customer", "Ana");
        List<Object> items = List.of("just text", 42, List.of(1, 2), objectName, textCustomer);
        String body = Json.MAPPER.writeValueAsString(Map.of("tenantId", tenant.id(), "billings", items));
        Map<String, Object> response = viaUrl(key, Base64.getEncoder().encodeToString(body.getBytes(StandardCharsets.UTF_8)), true);
        assertThat(response).containsEntry("statusCode", 200);
        Map<String, Object> result = bodyOf(response);
        assertThat(error(result, 0)).isEqualTo(Map.of("field", "item", "message", "must be a JSON object like {\"externalBillingId\": "
                + "\"...\", \"customer\": {...}, \"amount\": ..., \"dueDate\": \"YYYY-MM-DD\"}, got text"));
        assertThat(error(result, 1).get("message").toString()).endsWith("got a number");
        assertThat(error(result, 2).get("message").toString()).endsWith("got an array");
        assertThat(error(result, 3)).isEqualTo(Map.of("field", "customer.name", "message", "must be text, got an object"));
        assertThat(error(result, 4)).isEqualTo(Map.of("field", "customer", "message",
                "must be an object like {\"name\": \"...\", \"phone\": \"...\", \"document\": \"...\"}, got text"));
        assertThat(response.get("body").toString()).doesNotContain("java.").doesNotContain("LinkedHashMap").doesNotContain("Cannot deserialize");
    }

    /**
     * DynamoDB refuses one item's cycle (here for real: its write is inflated past 400 KB on the way): that item fails,
     * the rest of the batch goes on, and the item sent again is completed under the id its first try reserved.
     */
    @Test
    void aWriteDynamoDbRefusesFailsThatItemOnlyAndTheItemSentAgainIsCompleted() {
        Tenant tenant = stack.tenant(Map.of());
        BillingIngest ingest = inflatingIngest(item -> item.containsKey("customerName") && "Cliente Recusado".equals(item.get("customerName").s()));
        List<io.cadencia.billing.BillingInput> inputs = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            inputs.add(new BillingInput("store-" + i, i == 2 ? "Cliente Recusado" : "Cliente " + i, BillingData.mobile(++n),
                    BillingData.cpf(n), new BigDecimal("10.00"), TODAY.plusDays(5).toString(), null, null));
        }
        Map<String, Object> result = ingest.ingest(tenant.id(), inputs);

        assertThat(result).containsEntry("created", 4).containsEntry("failed", 1);
        assertThat(BillingStack.result(result, 2)).containsEntry("status", "failed");
        assertThat(error(result, 2)).containsEntry("field", "item");
        assertThat(error(result, 2).get("message").toString()).startsWith("not stored: the database refused the write (")
                .endsWith("); send it again: the retry writes what is missing");
        for (int i : List.of(0, 1, 3, 4)) {
            assertThat(stack.billing().cycles().idFor(tenant.id(), "store-" + i)).isPresent();
        }
        String reserved = stack.billing().cycles().idFor(tenant.id(), "store-2").orElseThrow();
        assertThat(stack.billing().cycles().find(tenant.id(), reserved)).isEmpty();

        BillingInput again = inputs.get(2);
        Map<String, Object> resent = stack.ingest(tenant.id(), List.of(BillingData.billing(again.externalBillingId(), "Cliente Aceito",
                again.phone(), again.document(), again.amount(), TODAY.plusDays(5))));
        assertThat(BillingStack.result(resent, 0)).containsEntry("status", "created").containsEntry("cycleId", reserved);
        assertThat(stack.billing().cycles().find(tenant.id(), reserved)).get().extracting(Cycle::customerName).isEqualTo("Cliente Aceito");
        assertThat(stack.messages(tenant.id(), reserved)).isNotEmpty().allMatch(m -> m.status() == MessageStatus.PENDING);
    }

    /** A cycle stored without its message (the message's write refused): sent again, it is a duplicate, now whole. */
    @Test
    void aCycleWhoseMessagesWereNotAllWrittenIsCompletedWhenSentAgain() {
        Tenant tenant = stack.tenant(Map.of(BillingConfig.REMINDER_PLAN, "D0"));
        String phone = BillingData.mobile(++n);
        Map<String, Object> billing = BillingData.billing("half-1", "Cliente Pela Metade", phone, BillingData.cpf(n), new BigDecimal("10.00"),
                TODAY);
        BillingIngest ingest = inflatingIngest(item -> "message".equals(Attr.str(item, "type")));
        Map<String, Object> first = ingest.ingest(tenant.id(), List.of(new BillingInput("half-1", "Cliente Pela Metade", phone, BillingData.cpf(n),
                new BigDecimal("10.00"), TODAY.toString(), null, null)));
        assertThat(BillingStack.result(first, 0)).containsEntry("status", "failed");
        String cycleId = stack.billing().cycles().idFor(tenant.id(), "half-1").orElseThrow();
        assertThat(stack.billing().cycles().find(tenant.id(), cycleId)).isPresent();
        assertThat(stack.messages(tenant.id(), cycleId)).isEmpty();

        Map<String, Object> again = stack.ingest(tenant.id(), List.of(billing));
        assertThat(BillingStack.result(again, 0)).containsEntry("status", "duplicate").containsEntry("cycleId", cycleId);
        assertThat(stack.messages(tenant.id(), cycleId)).singleElement().extracting(ReminderMessage::status).isEqualTo(MessageStatus.PENDING);
        stack.send(tenant.id());
        assertThat(stack.sentTo(BillingStack.result(again, 0).get("normalizedPhone").toString())).hasSize(1);
    }

    /** The ingest function's billing path, with DynamoDB refusing the puts of items that match: inflated past 400 KB. */
    private static BillingIngest inflatingIngest(Predicate<Map<String, AttributeValue>> refused) {
        Cadencia app = stack.env.app("BillingIngestFunction");
        DynamoDbClient inflating = inflatingWritesFor(refused, app.aws().dynamo());
        return new BillingIngest(app.tenants(), Billing.of(t -> new TenantScope(inflating, app.config().workTable(), t), app.claims(),
                app.sleeper(), app.clock()), app.metrics(), app.tenantKeys(), stack.clock, app.sleeper(), 4);
    }

    @Test
    void aServerSideConfigurationErrorIsA500WithAPlainMessageNotA400() throws Exception {
        Tenant tenant = stack.tenant(Map.of());
        Map<String, String> env = new HashMap<>(stack.env.deployment().function("BillingIngestFunction").config().env());
        env.put("WORK_TABLE", "cadencia-no-such-table");
        Cadencia broken = new Cadencia(new RuntimeConfig(env), stack.env.aws().clients(), stack.clock, stack.env.metrics(), "broken");
        IngestHandler handler = new IngestHandler(broken);
        String body = Json.MAPPER.writeValueAsString(Map.of("tenantId", tenant.id(), "billings", List.of(valid("cfg-1"))));
        Map<String, Object> key = stack.keyHeaders(tenant);
        Map<String, Object> response = handler.handleRequest(Map.of("requestContext", Map.of(), "headers", key, "body", body), null);
        assertThat(response).containsEntry("statusCode", 500);
        assertThat(bodyOf(response).get("error").toString()).isEqualTo(
                "the ingest service failed on its side (configuration or a dependency), not because of this request; retry later");

        Map<String, Object> refused = handler.handleRequest(Map.of("requestContext", Map.of(), "headers", key, "body",
                "{\"billings\": {\"a\": 1}}"), null);
        assertThat(refused).containsEntry("statusCode", 400);
    }

    private static DynamoDbClient inflatingWritesFor(Predicate<Map<String, AttributeValue>> refused, DynamoDbClient real) {
        return (DynamoDbClient) Proxy.newProxyInstance(IngestHardeningIT.class.getClassLoader(), new Class<?>[]{DynamoDbClient.class},
                (proxy, method, args) -> {
                    Object[] sent = args;
                    if (method.getName().equals("putItem") && args.length == 1 && args[0] instanceof PutItemRequest put) {
                        if (refused.test(put.item())) {
                            Map<String, AttributeValue> inflated = new HashMap<>(put.item());
                            inflated.put("padding", AttributeValue.fromS("x".repeat(500 * 1024)));
                            sent = new Object[]{put.toBuilder().item(inflated).build()};
                        }
                    }
                    try {
                        return method.invoke(real, sent);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
    }
}
