package io.cadencia.apikey;

import org.junit.jupiter.api.Test;

import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

class HttpKeyAuthTest {

    @Test
    void theKeyIsTheBearerTokenOfTheAuthorizationHeaderInAnyCaseAndNothingElse() {
        assertThat(HttpKeyAuth.bearer(Map.of("headers", Map.of("authorization", "Bearer cad_live_x")))).contains("cad_live_x");
        assertThat(HttpKeyAuth.bearer(Map.of("headers", Map.of("Authorization", "bearer  cad_live_x ")))).contains("cad_live_x");
        assertThat(HttpKeyAuth.bearer(Map.of("headers", Map.of("authorization", "Basic dXNlcjpwYXNz")))).isEqualTo(Optional.empty());
        assertThat(HttpKeyAuth.bearer(Map.of("headers", Map.of("x-api-key", "cad_live_x")))).isEmpty();
        assertThat(HttpKeyAuth.bearer(Map.of("body", "{}"))).isEmpty();
    }
}
