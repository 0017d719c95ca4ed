package io.cadencia.endpoint;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

class RequestSignerTest {

    static final Instant NOW = Instant.parse("2026-11-23T12:00:00Z");

    @Test
    void aSignatureVerifiesWithTheSameKeyAndBodyOnly() {
        String header = RequestSigner.sign("k1", NOW, "{\"a\":1}");
        assertThat(header).startsWith("t=" + NOW.getEpochSecond() + ",v1=");
        assertThat(RequestSigner.verify("k1", header, "{\"a\":1}", NOW, Duration.ofMinutes(5))).isTrue();
        assertThat(RequestSigner.verify("k2", header, "{\"a\":1}", NOW, Duration.ofMinutes(5))).isFalse();
        assertThat(RequestSigner.verify("k1", header, "{\"a\":2}", NOW, Duration.ofMinutes(5))).isFalse();
    }

    @Test
    void aReplayOutsideTheToleranceIsRefused() {
        String header = RequestSigner.sign("k1", NOW, "{}");
        assertThat(RequestSigner.verify("k1", header, "{}", NOW.plus(Duration.ofMinutes(6)), Duration.ofMinutes(5))).isFalse();
        assertThat(RequestSigner.verify("k1", "garbage", "{}", NOW, Duration.ofMinutes(5))).isFalse();
        assertThat(RequestSigner.verify("k1", null, "{}", NOW, Duration.ofMinutes(5))).isFalse();
    }

    @Test
    void knownVector() {
        // HMAC-SHA256(key="secret", "1700000000.body"), computed independently with openssl.
        assertThat(RequestSigner.sign("secret", Instant.ofEpochSecond(1700000000), "body"))
                .isEqualTo("t=1700000000,v1=" + OPENSSL_VECTOR);
    }

    static final String OPENSSL_VECTOR = "42ac6f0448c1d9c3e1e82b9726248f58fef84afffcbad5188246e96070e0ea46";
}
