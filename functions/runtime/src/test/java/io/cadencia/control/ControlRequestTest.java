package io.cadencia.control;

import io.cadencia.tenant.TenantId;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ControlRequestTest {

    @Test
    void theTenantFieldIsATenantIdOrAnErrorNamingTheField() {
        assertThat(new ControlRequest("run-now", Map.of("tenant", "tenant-01")).tenant()).contains(TenantId.of("tenant-01"));
        assertThat(new ControlRequest("run-now", Map.of()).tenant()).isEmpty();
        assertThatThrownBy(() -> new ControlRequest("run-now", Map.of("tenant", "_control")).tenant())
                .hasMessageStartingWith("field 'tenant': tenantId '_control' is invalid");
        assertThatThrownBy(() -> new ControlRequest("save-tenant", Map.of()).requireTenant())
                .hasMessage("action 'save-tenant' requires field 'tenant'");
    }
}
