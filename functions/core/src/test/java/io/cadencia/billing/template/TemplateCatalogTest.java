package io.cadencia.billing.template;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class TemplateCatalogTest {

    private static final MessageTemplate A = new MessageTemplate("d0-a", "A {nome}");
    private static final MessageTemplate B = new MessageTemplate("d0-b", "B {nome}");
    private static final MessageTemplate C = new MessageTemplate("d0-c", "C {nome}");
    private static final MessageTemplate TENANT_GENERIC = new MessageTemplate("generic", "Oi {nome}");

    private final TemplateCatalog catalog = new TemplateCatalog(
            Map.of("D0", List.of(A, B, C), "D+3", List.of()), Optional.of(TENANT_GENERIC));

    @Test
    void resolvesStepVariationsThenTenantGenericThenBuiltIn() {
        assertThat(catalog.resolve("D0")).containsExactly(A, B, C);
        assertThat(catalog.resolve("D-3")).containsExactly(TENANT_GENERIC);
        assertThat(catalog.resolve("D+3")).containsExactly(TENANT_GENERIC);
        assertThat(new TemplateCatalog(Map.of(), Optional.empty()).resolve("D0"))
                .containsExactly(TemplateCatalog.BUILT_IN_GENERIC);
    }

    @Test
    void builtInGenericIsPortugueseAndRenders() {
        TemplateValues values = new TemplateValues("João", new BigDecimal("89.90"), LocalDate.of(2026, 12, 10),
                Optional.of("https://p.isp/9"), Optional.empty());
        assertThat(TemplateCatalog.BUILT_IN_GENERIC.render(values)).isEqualTo(
                "Olá, João! Lembramos que sua fatura no valor de R$ 89,90 vence em 10/12/2026. "
                        + "Para pagar, acesse: https://p.isp/9");
    }

    @Test
    void consecutiveSequentialKeysGetDifferentVariations() {
        List<MessageTemplate> picked = IntStream.range(0, 7).mapToObj(i -> catalog.pick("D0", 1000L + i)).toList();
        for (int i = 1; i < picked.size(); i++) {
            assertThat(picked.get(i)).isNotEqualTo(picked.get(i - 1));
        }
        assertThat(catalog.pick("D0", -1)).isEqualTo(C);
    }

    @Test
    void sameKeyAlwaysGetsTheSameVariation() {
        assertThat(catalog.pick("D0", "cycle-7f3a")).isEqualTo(catalog.pick("D0", "cycle-7f3a"));
        assertThat(catalog.pick("D0", 42L)).isEqualTo(catalog.pick("D0", 42L));
    }

    @Test
    void opaqueKeysSpreadOverAllVariations() {
        Set<MessageTemplate> used = new HashSet<>();
        IntStream.range(0, 30).forEach(i -> used.add(catalog.pick("D0", "cycle-" + i)));
        assertThat(used).containsExactlyInAnyOrder(A, B, C);
    }

    @Test
    void pickFallsBackLikeResolve() {
        assertThat(catalog.pick("D+7", "any")).isEqualTo(TENANT_GENERIC);
    }
}
