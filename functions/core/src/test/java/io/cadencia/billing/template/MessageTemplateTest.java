package io.cadencia.billing.template;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cadencia.billing.FieldError;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class MessageTemplateTest {

    private static final TemplateValues VALUES = new TemplateValues("Maria", new BigDecimal("1234.56"),
            LocalDate.of(2026, 12, 5), Optional.of("https://pague.isp/1"), Optional.of("000201PIX"), LocalDate.of(2026, 12, 2));
    private static final TemplateValues NO_EXTRAS = new TemplateValues("Ana", BigDecimal.TEN, LocalDate.of(2026, 1, 9),
            Optional.empty(), Optional.empty(), LocalDate.of(2026, 1, 6));

    @Test
    void rendersAllPlaceholders() {
        MessageTemplate template = MessageTemplate.of("d0",
                "Olá {nome}! Fatura de {valor} vence em {vencimento}. Link: {link} PIX: {pix} {nome}").value();
        assertThat(template.render(VALUES)).isEqualTo(
                "Olá Maria! Fatura de R$ 1.234,56 vence em 05/12/2026. Link: https://pague.isp/1 PIX: 000201PIX Maria");
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @CsvSource(delimiter = '|', value = {
            "Olá {nome}! Pague: {link}. Vence em {vencimento}.         | Olá Ana! Vence em 09/01/2026.",
            "Olá {nome}! Vence em {vencimento}. Pague: {link}.         | Olá Ana! Vence em 09/01/2026.",
            "Olá {nome}! Vence em {vencimento}. PIX: {pix}             | Olá Ana! Vence em 09/01/2026.",
            "Olá {nome}, pague em {link} até {vencimento}.             | ''",
    })
    void aSentenceWhosePlaceholderIsEmptyIsDroppedWhole(String text, String expected) {
        assertThat(new MessageTemplate("t", text).render(NO_EXTRAS)).isEqualTo(expected);
    }

    @Test
    void aLineWhosePlaceholderIsEmptyIsDroppedWithItsLineBreak() {
        TemplateValues linkOnly = new TemplateValues("Ana", BigDecimal.TEN, LocalDate.of(2026, 1, 9),
                Optional.of("https://p.isp/1"), Optional.empty(), LocalDate.of(2026, 1, 6));
        MessageTemplate template = new MessageTemplate("t", "Olá {nome}!\nLink: {link}\nPIX: {pix}\n\nAtenciosamente");
        assertThat(template.render(linkOnly)).isEqualTo("Olá Ana!\nLink: https://p.isp/1\n\nAtenciosamente");
        assertThat(template.render(NO_EXTRAS)).isEqualTo("Olá Ana!\n\nAtenciosamente");
    }

    @Test
    void sentenceBreaksInsideValuesDoNotSplitSentences() {
        TemplateValues dotted = new TemplateValues("Maria S. Souza", new BigDecimal("1234.56"), LocalDate.of(2026, 1, 9),
                Optional.empty(), Optional.empty(), LocalDate.of(2026, 1, 6));
        assertThat(new MessageTemplate("t", "Olá {nome}! Valor {valor}. Link {link}.").render(dotted))
                .isEqualTo("Olá Maria S. Souza! Valor R$ 1.234,56.");
    }

    @ParameterizedTest(name = "[{index}] {0} days before the due date")
    @CsvSource({"3, BEFORE_DUE", "0, DUE_TODAY", "-1, OVERDUE", "-30, OVERDUE"})
    void timingComparesTheSendDateWithTheDueDate(int daysBefore, TemplateValues.Timing timing) {
        LocalDate due = LocalDate.of(2026, 3, 10);
        assertThat(new TemplateValues("Ana", BigDecimal.ONE, due, Optional.empty(), Optional.empty(), due.minusDays(daysBefore))
                .timing()).isEqualTo(timing);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {"1234.56 | R$ 1.234,56", "0.5 | R$ 0,50", "1000000 | R$ 1.000.000,00",
            "99.90 | R$ 99,90"})
    void formatsAmountsAsRealsWithAPlainSpace(BigDecimal amount, String expected) {
        String formatted = TemplateValues.formatAmount(amount);
        assertThat(formatted).isEqualTo(expected).doesNotContain("\u00A0").doesNotContain("\u202F");
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @CsvSource(delimiter = '|', value = {
            "Olá {nome_cliente}     | unknown placeholder {nome_cliente} (allowed: {nome}, {valor}, {vencimento}, {link}, {pix})",
            "Olá {Nome}             | unknown placeholder {Nome} (allowed: {nome}, {valor}, {vencimento}, {link}, {pix})",
            "Olá {{nome}}           | unbalanced '{' at position 4 (use single braces, e.g. {nome})",
            "Olá {nome              | unbalanced '{' at position 4 (use single braces, e.g. {nome})",
            "Olá nome} e {valor}    | unbalanced '}' at position 8",
            "' '                    | text is empty",
    })
    void refusesInvalidTemplatesNamingTemplateAndPlaceholder(String text, String reason) {
        assertThat(MessageTemplate.of("lembrete_d0", text).error())
                .isEqualTo(new FieldError("template", "template \"lembrete_d0\": " + reason));
        assertThatThrownBy(() -> new MessageTemplate("lembrete_d0", text)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void textWithoutPlaceholdersIsValid() {
        assertThat(MessageTemplate.of("plain", "Sua fatura vence amanhã.").value().render(VALUES))
                .isEqualTo("Sua fatura vence amanhã.");
    }
}
