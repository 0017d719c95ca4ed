package io.cadencia.billing;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class TaxIdsTest {

    @ParameterizedTest(name = "{0}")
    @CsvSource({
            "529.982.247-25, CPF, 52998224725",
            "11144477735, CPF, 11144477735",
            "11.222.333/0001-81, CNPJ, 11222333000181",
            "12.ABC.345/01DE-35, CNPJ, 12ABC34501DE35",
            "12.abc.345/01de-35, CNPJ, 12ABC34501DE35",
            "12ABC34501DE35, CNPJ, 12ABC34501DE35",
    })
    void acceptsValidDocuments(String document, TaxId.Type type, String normalized) {
        assertThat(TaxIds.validate(document).value()).isEqualTo(new TaxId(type, normalized));
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', value = {
            "529.982.247-24       | wrong CPF check digits",
            "529.982.247-15       | wrong CPF check digits",
            "11.222.333/0001-82   | wrong CNPJ check digits",
            "11.222.333/0001-71   | wrong CNPJ check digits",
            "12ABC34501DE36       | wrong CNPJ check digits",
            "12ABC34501DF35       | wrong CNPJ check digits",
            "111.111.111-11       | all digits are equal",
            "00.000.000/0000-00   | all digits are equal",
            "12ABC34501DEA5       | CNPJ must be 12 characters 0-9/A-Z followed by 2 check digits",
            "1234567890           | must be a CPF (11 digits) or CNPJ (14 characters), got 10",
            "529_982_247_25       | CNPJ must be 12 characters 0-9/A-Z followed by 2 check digits",
            "'  '                 | empty",
    })
    void rejectsWithReason(String document, String reason) {
        Result<TaxId> result = TaxIds.validate(document);
        assertThat(result.isOk()).isFalse();
        assertThat(result.error()).isEqualTo(new FieldError("customer.document",
                "\"" + document + "\" is not a valid CPF/CNPJ (" + reason + ")"));
    }

    @Test
    void nullIsEmpty() {
        assertThat(TaxIds.validate(null).error().message()).contains("(empty)");
    }
}
