package io.cadencia.billing.template;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class TemplateCatalogTest {

    private static final MessageTemplate A = new MessageTemplate("d0-a", "A {nome}");
    private static final MessageTemplate B = new MessageTemplate("d0-b", "B {nome}");
    private static final MessageTemplate C = new MessageTemplate("d0-c", "C {nome}");
    private static final MessageTemplate TENANT_GENERIC = new MessageTemplate("generic", "Oi {nome}");
    private static final LocalDate DUE = LocalDate.of(2026, 12, 10);
    private static final TemplateCatalog NOTHING_SAVED = new TemplateCatalog(Map.of(), Optional.empty());

    private final TemplateCatalog catalog = new TemplateCatalog(
            Map.of("D0", List.of(A, B, C), "D+3", List.of()), Optional.of(TENANT_GENERIC));

    private static TemplateValues values(LocalDate sendDate, String link, String pix) {
        return new TemplateValues("João", new BigDecimal("1289.90"), DUE, Optional.ofNullable(link), Optional.ofNullable(pix), sendDate);
    }

    @Test
    void resolvesStepVariationsThenTenantGenericThenBuiltIn() {
        assertThat(catalog.resolve("D0", TemplateValues.Timing.DUE_TODAY)).containsExactly(A, B, C);
        assertThat(catalog.resolve("D-3", TemplateValues.Timing.BEFORE_DUE)).containsExactly(TENANT_GENERIC);
        assertThat(catalog.resolve("D+3", TemplateValues.Timing.OVERDUE)).containsExactly(TENANT_GENERIC);
        assertThat(NOTHING_SAVED.resolve("D0", TemplateValues.Timing.OVERDUE))
                .containsExactly(TemplateCatalog.builtIn(TemplateValues.Timing.OVERDUE));
    }

    @Test
    void builtInTextBeforeTheDueDateSaysWhenItFallsDueWithLinkAndPix() {
        assertThat(NOTHING_SAVED.render("D-3", 1, values(DUE.minusDays(3), "https://p.isp/9", "00020126PIXCOPIAECOLA")))
                .isEqualTo("Olá, João! Lembramos que sua fatura no valor de R$ 1.289,90 vence em 10/12/2026.\n"
                        + "Para pagar, acesse: https://p.isp/9\n"
                        + "PIX copia e cola: 00020126PIXCOPIAECOLA");
    }

    @Test
    void builtInTextOnTheDueDateSaysToday() {
        assertThat(NOTHING_SAVED.render("D0", 1, values(DUE, null, "00020126PIX")))
                .isEqualTo("Olá, João! Sua fatura no valor de R$ 1.289,90 vence hoje (10/12/2026).\n"
                        + "PIX copia e cola: 00020126PIX");
    }

    /** A step planned before the due date but sent after it (closed hours, late ingest) must not say "vence em". */
    @ParameterizedTest
    @CsvSource({"D+3, 3", "D-3, 1", "D0, 1"})
    void builtInTextAfterTheDueDateSaysItIsOverdueWhateverTheStep(String step, int daysLate) {
        String text = NOTHING_SAVED.render(step, 1, values(DUE.plusDays(daysLate), "https://p.isp/9", null));
        assertThat(text).isEqualTo("Olá, João! Sua fatura no valor de R$ 1.289,90, vencida em 10/12/2026, está em aberto. "
                + "Se você já pagou, desconsidere esta mensagem.\nPara pagar, acesse: https://p.isp/9");
        assertThat(text).doesNotContain("vence em").doesNotContain("vence hoje");
    }

    @Test
    void builtInTextsWithoutLinkOrPixEndInAFullSentence() {
        for (LocalDate sendDate : List.of(DUE.minusDays(3), DUE, DUE.plusDays(3))) {
            String text = NOTHING_SAVED.render("D0", 1, values(sendDate, null, null));
            assertThat(text).endsWith(".").doesNotContain("acesse").doesNotContain("PIX").doesNotContain("\n");
        }
    }

    @Test
    void aTenantTemplateThatRendersToNothingFallsBackToTheBuiltInText() {
        TemplateCatalog onlyLink = new TemplateCatalog(Map.of("D0", List.of(new MessageTemplate("x", "Pague em {link}."))), Optional.empty());
        assertThat(onlyLink.render("D0", 1, values(DUE, null, null))).startsWith("Olá, João! Sua fatura no valor de R$ 1.289,90 vence hoje");
        assertThat(onlyLink.render("D0", 1, values(DUE, "https://p.isp/1", null))).isEqualTo("Pague em https://p.isp/1.");
    }

    @Test
    void consecutiveSequentialKeysGetDifferentVariations() {
        List<MessageTemplate> picked = IntStream.range(0, 7)
                .mapToObj(i -> catalog.pick("D0", 1000L + i, TemplateValues.Timing.DUE_TODAY)).toList();
        for (int i = 1; i < picked.size(); i++) {
            assertThat(picked.get(i)).isNotEqualTo(picked.get(i - 1));
        }
        assertThat(catalog.pick("D0", -1, TemplateValues.Timing.DUE_TODAY)).isEqualTo(C);
    }

    @Test
    void pickFallsBackLikeResolve() {
        assertThat(catalog.pick("D+7", 5, TemplateValues.Timing.OVERDUE)).isEqualTo(TENANT_GENERIC);
    }
}
