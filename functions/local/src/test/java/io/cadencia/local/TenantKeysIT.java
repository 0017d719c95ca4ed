package io.cadencia.local;

import io.cadencia.app.Cadencia;
import io.cadencia.aws.Json;
import io.cadencia.secrets.SecretNames;
import io.cadencia.secrets.TenantKeys;
import io.cadencia.tenant.Tenant;
import io.cadencia.tenant.TenantId;
import io.cadencia.tenant.TenantsTable;
import io.cadencia.tenant.keys.TenantKeyKind;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.kms.KmsClient;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Tenants' static keys sealed in the tenants table under KMS data keys (the KMS fake, reached by the real SDK
 * client): what the row holds, what a reader pays in KMS calls, the operator's actions, and the migration from the
 * old per-tenant secrets.
 */
class TenantKeysIT {

    static final SimulatedClock clock = new SimulatedClock(Instant.parse("2026-11-24T12:00:00Z"), Cadencia.ZONE);
    static LocalEnvironment env;
    static String table;

    @BeforeAll
    static void start() {
        env = LocalEnvironment.start(clock);
        env.seedTenants(3);
        table = env.deployment().resolve("TenantsTable");
    }

    @AfterAll
    static void stop() {
        env.close();
    }

    @Test
    void theRowHoldsNoPlainValueAndOpensOnlyForItsTenantAndKind() {
        TenantId acme = TenantId.of("tenant-01");
        String value = "signing-key-" + System.nanoTime();
        control(Map.of("action", "set-tenant-key", "tenant", acme.value(), "kind", "endpoint", "value", value));

        Map<String, AttributeValue> row = env.aws().clients().dynamo().getItem(b -> b.tableName(table)
                .key(TenantsTable.tenantKey(acme, TenantKeyKind.ENDPOINT))).item();
        assertThat(row).containsKeys("dataKey", "nonce", "ciphertext");
        assertThat(row.toString()).doesNotContain(value);
        assertThat(new String(row.get("ciphertext").b().asByteArray(), StandardCharsets.ISO_8859_1)).doesNotContain(value);
        assertThat(freshContainer(null).find(acme.value(), TenantKeyKind.ENDPOINT)).contains(value);

        // The same sealed row under another tenant (a wrong copy, a bad restore) must not hand that tenant this key.
        Map<String, AttributeValue> moved = new HashMap<>(row);
        moved.putAll(TenantsTable.tenantKey(TenantId.of("tenant-02"), TenantKeyKind.EVOLUTION));
        env.aws().clients().dynamo().putItem(b -> b.tableName(table).item(moved));
        assertThatThrownBy(() -> freshContainer(null).find("tenant-02", TenantKeyKind.EVOLUTION))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("evolution key of tenant tenant-02")
                .hasMessageNotContaining(value);
    }

    @Test
    void aReaderUnwrapsOneDataKeyPerTtlAndReadsEachRowOncePerTtl() {
        List<String> ids = List.of("tenant-01", "tenant-02", "tenant-03");
        for (String id : ids) {
            env.app("ControlFunction").tenantKeys().save(TenantId.of(id), TenantKeyKind.HUBSOFT, "{\"host\":\"https://" + id + "\"}");
        }
        DynamoCallRecorder kmsCalls = new DynamoCallRecorder();
        TenantKeys reader = freshContainer(kmsCalls);
        for (int run = 0; run < 20; run++) {
            for (String id : ids) {
                assertThat(reader.find(id, TenantKeyKind.HUBSOFT)).contains("{\"host\":\"https://" + id + "\"}");
            }
        }
        assertThat(kmsCalls.count("Decrypt")).as("the control function sealed all three under one data key").isEqualTo(1);
        assertThat(kmsCalls.count("GenerateDataKey")).isZero();

        clock.advance(Duration.ofHours(1).plusSeconds(1));
        for (String id : ids) {
            reader.find(id, TenantKeyKind.HUBSOFT);
        }
        assertThat(kmsCalls.count("Decrypt")).as("after DATA_KEY_CACHE_TTL the data key is unwrapped again").isEqualTo(2);
    }

    @Test
    void setTenantKeyRefusesBadInputNamingTheFieldAndNeverEchoesTheValue() {
        assertThatThrownBy(() -> control(Map.of("action", "set-tenant-key", "tenant", "tenant-01", "kind", "ssh", "value", "x")))
                .hasMessageContaining("field 'kind': unknown key kind 'ssh'; known: endpoint, evolution, hubsoft");
        assertThatThrownBy(() -> control(Map.of("action", "set-tenant-key", "tenant", "tenant-01", "kind", "hubsoft",
                "value", "{\"host\":\"h\",\"client_id\":\"c\",\"client_secret\":\"very-secret\"}")))
                .hasMessageContaining("hubsoft key of tenant tenant-01 has no field 'username'").hasMessageNotContaining("very-secret");
        assertThatThrownBy(() -> control(Map.of("action", "set-tenant-key", "tenant", "nobody", "kind", "endpoint", "value", "x")))
                .hasMessageContaining("unknown tenant 'nobody'");
        assertThatThrownBy(() -> control(Map.of("action", "set-tenant-key", "tenant", "tenant-01", "kind", "endpoint")))
                .hasMessageContaining("requires field 'value'");
    }

    @Test
    void theMigrationCopiesOldSecretsOnceAndLeavesKeysAlreadyInTheTable() {
        Tenant old = new Tenant("legacy-isp", "Legacy", false, "https://legacy.example", Map.of());
        env.app("ControlFunction").tenants().save(old);
        var secrets = env.aws().clients().secrets();
        secrets.createSecret(b -> b.name(SecretNames.legacyTenantKey(old.id(), TenantKeyKind.ENDPOINT)).secretString("old-signing-key"));
        secrets.createSecret(b -> b.name(SecretNames.legacyTenantKey(old.id(), TenantKeyKind.EVOLUTION)).secretString("old-apikey"));
        env.app("ControlFunction").tenantKeys().save(old.tenantId(), TenantKeyKind.EVOLUTION, "newer-apikey");

        Map<String, Object> first = control(Map.of("action", "migrate-tenant-keys"));
        Map<String, Object> second = control(Map.of("action", "migrate-tenant-keys"));

        assertThat(first.get("migrated")).isEqualTo(Map.of("endpoint", 1, "evolution", 0, "hubsoft", 0));
        assertThat(second.get("migrated")).isEqualTo(Map.of("endpoint", 0, "evolution", 0, "hubsoft", 0));
        assertThat(first.toString()).doesNotContain("old-signing-key");
        TenantKeys reader = freshContainer(null);
        assertThat(reader.find(old.id(), TenantKeyKind.ENDPOINT)).contains("old-signing-key");
        assertThat(reader.find(old.id(), TenantKeyKind.EVOLUTION)).as("a key saved since is newer than the secret").contains("newer-apikey");
        assertThat(reader.find(old.id(), TenantKeyKind.HUBSOFT)).isEmpty();
    }

    /** A new worker container's tenant keys; its KMS client reports its calls to {@code recorder} when given. */
    private static TenantKeys freshContainer(DynamoCallRecorder recorder) {
        KmsClient kms = KmsClient.builder().endpointOverride(env.aws().kmsEndpoint()).region(EmbeddedAws.REGION)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(EmbeddedAws.ACCESS_KEY, "local")))
                .overrideConfiguration(c -> {
                    if (recorder != null) {
                        c.addExecutionInterceptor(recorder);
                    }
                })
                .httpClientBuilder(UrlConnectionHttpClient.builder()).build();
        return TenantKeys.forContainer(env.aws().clients().dynamo(), kms, env.app("CriticoWorkerFunction").settings(), clock);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> control(Map<String, Object> event) {
        try {
            return Json.MAPPER.readValue(env.invoke("ControlFunction", Json.MAPPER.writeValueAsString(event)), Map.class);
        } catch (RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
