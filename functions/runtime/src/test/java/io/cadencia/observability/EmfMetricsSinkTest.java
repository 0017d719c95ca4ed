package io.cadencia.observability;

import com.fasterxml.jackson.databind.JsonNode;
import io.cadencia.aws.Json;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class EmfMetricsSinkTest {

    private final List<String> lines = new ArrayList<>();
    private final EmfMetricsSink sink = new EmfMetricsSink("Cadencia", lines::add);

    @Test
    void oneEmfLinePerCountWithItsOwnDimensions() throws Exception {
        sink.count("Runs", 2, Map.of("category", "critico", "result", "succeeded"));
        sink.count("MessagesSent", Map.of());

        assertThat(lines).hasSize(2);
        JsonNode runs = Json.MAPPER.readTree(lines.get(0));
        JsonNode directive = runs.path("_aws").path("CloudWatchMetrics").get(0);
        assertThat(directive.path("Namespace").asText()).isEqualTo("Cadencia");
        assertThat(directive.path("Dimensions").get(0)).extracting(JsonNode::asText).containsExactly("category", "result");
        assertThat(directive.path("Metrics").get(0).path("Name").asText()).isEqualTo("Runs");
        assertThat(runs.path("Runs").asDouble()).isEqualTo(2.0);
        assertThat(runs.path("category").asText()).isEqualTo("critico");
        JsonNode sent = Json.MAPPER.readTree(lines.get(1));
        assertThat(sent.path("_aws").path("CloudWatchMetrics").get(0).path("Dimensions").get(0)).isEmpty();
    }

    @Test
    void aTenantDimensionIsRefusedNamingMetricAndDimension() {
        assertThatThrownBy(() -> sink.count("MessagesSent", Map.of("tenant", "tenant-01")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("MessagesSent").hasMessageContaining("'tenant'");
        assertThat(lines).isEmpty();
    }
}
