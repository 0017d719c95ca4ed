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
            LocalDate.of(2026, 12, 5), Optional.of("https://pague.isp/1"), Optional.of("000201PIX"));

    @Test
    void rendersAllPlaceholders() {
        MessageTemplate template = MessageTemplate.of("d0",
                "Olá {nome}! Fatura de {valor} vence em {vencimento}. Link: {link} PIX: {pix} {nome}").value();
        assertThat(template.render(VALUES)).isEqualTo(
                "Olá Maria! Fatura de R$ 1.234,56 vence em 05/12/2026. Link: https://pague.isp/1 PIX: 000201PIX Maria");
    }

    @Test
    void absentLinkAndPixRenderEmpty() {
        TemplateValues noExtras = new TemplateValues("Ana", BigDecimal.TEN, LocalDate.of(2026, 1, 9),
                Optional.empty(), Optional.empty());
        assertThat(new MessageTemplate("t", "[{link}][{pix}] {vencimento}").render(noExtras))
                .isEqualTo("[][] 09/01/2026");
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
