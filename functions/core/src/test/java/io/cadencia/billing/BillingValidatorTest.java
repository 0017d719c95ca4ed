package io.cadencia.billing;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class BillingValidatorTest {

    private final BillingValidator validator =
            new BillingValidator(Clock.fixed(Instant.parse("2026-11-23T12:00:00Z"), ZoneOffset.UTC), BrazilTime.ZONE);

    private static BillingInput input() {
        return new BillingInput(" FAT-001 ", " Maria da Silva ", "(11) 98765-4321", "529.982.247-25",
                new BigDecimal("99.9"), "2026-12-10", "https://pague.isp.com.br/f/1", "00020126...6304ABCD");
    }

    private static BillingInput with(String externalId, String name, BigDecimal amount, String link) {
        BillingInput base = input();
        return new BillingInput(externalId, name, base.phone(), base.document(), amount, base.dueDate(), link,
                base.pixCode());
    }

    @Test
    void normalizesAValidItem() {
        ValidBilling billing = validator.validate(input()).value();
        assertThat(billing).isEqualTo(new ValidBilling("FAT-001", "Maria da Silva", "+5511987654321",
                new TaxId(TaxId.Type.CPF, "52998224725"), new BigDecimal("99.90"), LocalDate.of(2026, 12, 10),
                Optional.of("https://pague.isp.com.br/f/1"), Optional.of("00020126...6304ABCD")));
    }

    @Test
    void reportsEveryInvalidFieldNamingTheValue() {
        BillingInput bad = new BillingInput("", null, "123", "111.111.111-11", new BigDecimal("-5"),
                "2026-13-01", "ftp://x", null);
        assertThat(validator.validate(bad).errors()).extracting(FieldError::toString).containsExactly(
                "externalBillingId: \"\" is required",
                "customer.name: \"\" is required",
                "customer.phone: \"123\" is not a valid Brazilian phone (too short)",
                "customer.document: \"111.111.111-11\" is not a valid CPF/CNPJ (all digits are equal)",
                "amount: \"-5\" must be greater than zero",
                "dueDate: \"2026-13-01\" is not a valid date in format YYYY-MM-DD",
                "paymentLink: \"ftp://x\" is not an http(s) URL");
    }

    @Test
    void externalIdIsLimitedTo128Characters() {
        assertThat(validator.validate(with("x".repeat(128), "Ana", BigDecimal.TEN, null)).isOk()).isTrue();
        assertThat(validator.validate(with("x".repeat(129), "Ana", BigDecimal.TEN, null)).error().toString())
                .isEqualTo("externalBillingId: \"" + "x".repeat(20) + "…\" is 129 characters long; at most 128 are accepted");
    }

    @Test
    void amountMustBePositiveWithAtMostTwoDecimals() {
        assertThat(validator.validate(with("a", "Ana", new BigDecimal("10.500"), null)).value().amount())
                .isEqualTo(new BigDecimal("10.50"));
        assertThat(validator.validate(with("a", "Ana", BigDecimal.ZERO, null)).error().message())
                .isEqualTo("\"0\" must be greater than zero");
        assertThat(validator.validate(with("a", "Ana", new BigDecimal("10.123"), null)).error())
                .isEqualTo(new FieldError("amount", "\"10.123\" has more than 2 decimal places"));
        assertThat(validator.validate(with("a", "Ana", null, null)).error().field()).isEqualTo("amount");
    }

    @ParameterizedTest
    @ValueSource(strings = {"javascript:alert(1)", "pague.isp.com.br/f/1", "https://", "http://exa mple.com"})
    void paymentLinkMustBeHttpUrl(String link) {
        assertThat(validator.validate(with("a", "Ana", BigDecimal.TEN, link)).error())
                .isEqualTo(new FieldError("paymentLink", "\"" + link + "\" is not an http(s) URL"));
    }

    @Test
    void blankOptionalFieldsAreAbsent() {
        BillingInput base = input();
        BillingInput noExtras = new BillingInput("a", "Ana", base.phone(), base.document(), BigDecimal.TEN,
                base.dueDate(), " ", "");
        ValidBilling billing = validator.validate(noExtras).value();
        assertThat(billing.paymentLink()).isEmpty();
        assertThat(billing.pixCode()).isEmpty();
    }
}
