package io.cadencia.local;

import com.github.benmanes.caffeine.cache.Ticker;
import io.cadencia.secrets.KmsDataKeys;
import io.cadencia.tenant.keys.DataKeys;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.awssdk.services.kms.model.DataKeySpec;
import software.amazon.awssdk.services.kms.model.IncorrectKeyException;
import software.amazon.awssdk.services.kms.model.InvalidCiphertextException;
import software.amazon.awssdk.services.kms.model.KeyMetadata;
import software.amazon.awssdk.services.kms.model.KmsException;
import software.amazon.awssdk.services.kms.model.NotFoundException;

import java.io.File;
import java.io.IOException;
import java.net.Socket;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The KMS fake's wire shapes, held against a second implementation: every check runs through the real SDK
 * {@code KmsClient} against the fake and against moto's server ({@code moto_server}, Python), whose KMS follows the
 * service's documented shapes. Where moto is not installed its half is skipped and the fake's half still runs.
 */
class KmsWireIT {

    static KmsFake fake;
    static Process moto;
    static URI motoEndpoint;

    @BeforeAll
    static void start() throws Exception {
        fake = new KmsFake(Clock.systemUTC(), EmbeddedAws.REGION.id());
        Optional<String> server = onPath("moto_server");
        if (server.isPresent()) {
            int port = EmbeddedAws.freePort();
            moto = new ProcessBuilder(server.get(), "-H", "127.0.0.1", "-p", Integer.toString(port))
                    .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            motoEndpoint = URI.create("http://127.0.0.1:" + port);
            awaitPort(port, Duration.ofSeconds(20));
        }
    }

    @AfterAll
    static void stop() throws InterruptedException {
        fake.close();
        if (moto != null) {
            moto.destroy();
            moto.waitFor();
        }
    }

    static Stream<Arguments> engines() {
        return Stream.of(Arguments.of("KmsFake"), Arguments.of("moto"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("engines")
    void dataKeysRoundTripThroughTheSdkAndAnotherContainerUnwrapsThem(String engine) {
        try (KmsClient kms = client(engine)) {
            KeyMetadata key = kms.createKey(b -> b.description("tenant keys")).keyMetadata();
            assertThat(key.arn()).startsWith("arn:aws:kms:").endsWith(":key/" + key.keyId());
            assertThat(key.keySpecAsString()).isEqualTo("SYMMETRIC_DEFAULT");
            assertThat(kms.describeKey(b -> b.keyId(key.arn())).keyMetadata().keyId()).isEqualTo(key.keyId());

            DataKeys writer = new KmsDataKeys(kms, Optional.of(key.keyId()), Duration.ofHours(1), Ticker.systemTicker());
            DataKeys.DataKey dataKey = writer.current();
            DataKeys reader = new KmsDataKeys(kms, Optional.empty(), Duration.ofHours(1), Ticker.systemTicker());

            assertThat(dataKey.plain()).hasSize(32);
            assertThat(dataKey.wrapped()).isNotEqualTo(dataKey.plain());
            assertThat(reader.unwrap(dataKey.wrapped())).isEqualTo(dataKey.plain());
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("engines")
    void theEncryptionContextAndTheKeyAreBoundToTheCiphertext(String engine) {
        try (KmsClient kms = client(engine)) {
            String keyId = kms.createKey(b -> b.description("a")).keyMetadata().keyId();
            String otherKey = kms.createKey(b -> b.description("b")).keyMetadata().keyId();
            var generated = kms.generateDataKey(b -> b.keyId(keyId).keySpec(DataKeySpec.AES_256)
                    .encryptionContext(Map.of("purpose", "cadencia/tenant-keys")));
            SdkBytes blob = generated.ciphertextBlob();

            assertThat(kms.decrypt(b -> b.ciphertextBlob(blob).encryptionContext(Map.of("purpose", "cadencia/tenant-keys")))
                    .plaintext()).isEqualTo(generated.plaintext());
            assertThatThrownBy(() -> kms.decrypt(b -> b.ciphertextBlob(blob).encryptionContext(Map.of("purpose", "other"))))
                    .isInstanceOf(InvalidCiphertextException.class);
            assertThatThrownBy(() -> kms.decrypt(b -> b.ciphertextBlob(blob)))
                    .as("no context at all").isInstanceOf(InvalidCiphertextException.class);
            // The service documents IncorrectKeyException here; moto 5.2 answers AccessDeniedException, so only the
            // refusal is common ground, and the fake follows the documentation.
            assertThatThrownBy(() -> kms.decrypt(b -> b.ciphertextBlob(blob).keyId(otherKey)
                    .encryptionContext(Map.of("purpose", "cadencia/tenant-keys"))))
                    .isInstanceOf(engine.equals("moto") ? KmsException.class : IncorrectKeyException.class);
            assertThatThrownBy(() -> kms.generateDataKey(b -> b.keyId("11111111-2222-3333-4444-555555555555").keySpec(DataKeySpec.AES_256)))
                    .isInstanceOf(NotFoundException.class);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("engines")
    void aDataKeyFromAnotherPurposeIsRefusedByTheReaderWithAClearError(String engine) {
        try (KmsClient kms = client(engine)) {
            String keyId = kms.createKey(b -> b.description("a")).keyMetadata().keyId();
            SdkBytes foreign = kms.generateDataKey(b -> b.keyId(keyId).keySpec(DataKeySpec.AES_256)
                    .encryptionContext(Map.of("purpose", "something-else"))).ciphertextBlob();
            DataKeys reader = new KmsDataKeys(kms, Optional.empty(), Duration.ofHours(1), Ticker.systemTicker());

            assertThatThrownBy(() -> reader.unwrap(foreign.asByteArray())).isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("InvalidCiphertextException");
        }
    }

    private static KmsClient client(String engine) {
        URI endpoint = engine.equals("moto") ? motoEndpoint : fake.endpoint();
        Assumptions.assumeTrue(endpoint != null, "moto_server is not installed");
        return KmsClient.builder().endpointOverride(endpoint).region(EmbeddedAws.REGION)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("local", "local")))
                .httpClientBuilder(UrlConnectionHttpClient.builder()).build();
    }

    private static Optional<String> onPath(String program) {
        List<String> dirs = new ArrayList<>(List.of(System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)));
        return dirs.stream().map(d -> new File(d, program)).filter(File::canExecute).map(File::getPath).findFirst();
    }

    private static void awaitPort(int port, Duration within) throws InterruptedException, IOException {
        long giveUp = System.nanoTime() + within.toNanos();
        while (System.nanoTime() < giveUp) {
            try (Socket ignored = new Socket("127.0.0.1", port)) {
                return;
            } catch (IOException notYet) {
                if (!moto.isAlive()) {
                    throw new IOException("moto_server exited with " + moto.exitValue());
                }
                Thread.sleep(100);
            }
        }
        throw new IOException("moto_server did not listen on port " + port + " within " + within);
    }
}
