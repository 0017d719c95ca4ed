package io.cadencia.billing;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.statistics.Statistics;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Generated CPFs and CNPJs (numeric and alphanumeric) with check digits computed here from Receita's rule, and every
 * single-character change of them.
 */
class TaxIdsPropertiesTest {

    static final String DIGITS = "0123456789";
    static final String CNPJ_CHARACTERS = DIGITS + "ABCDEFGHIJKLMNOPQRSTUVWXYZ";

    /** Receita's mod-11 check digit: weights 2, 3, … from the right (CPF: no cycle; CNPJ: back to 2 after 9). */
    static char checkDigit(String body, int cycle) {
        int sum = 0;
        int weight = 2;
        for (int i = body.length() - 1; i >= 0; i--) {
            sum += (body.charAt(i) - '0') * weight;
            weight = weight == cycle ? 2 : weight + 1;
        }
        int remainder = sum % 11;
        return (char) ('0' + (remainder < 2 ? 0 : 11 - remainder));
    }

    static String withCheckDigits(String body, int cycle) {
        String first = body + checkDigit(body, cycle);
        return first + checkDigit(first, cycle);
    }

    static boolean allEqual(String id) {
        return id.chars().distinct().count() == 1;
    }

    @Provide
    Arbitrary<String> cpfs() {
        return Arbitraries.strings().withChars(DIGITS).ofLength(9).map(body -> withCheckDigits(body, Integer.MAX_VALUE))
                .filter(id -> !allEqual(id));
    }

    @Provide
    Arbitrary<String> cnpjs() {
        Arbitrary<String> numeric = Arbitraries.strings().withChars(DIGITS).ofLength(12);
        Arbitrary<String> alphanumeric = Arbitraries.strings().withChars(CNPJ_CHARACTERS).ofLength(12);
        return Arbitraries.oneOf(numeric, alphanumeric).map(body -> withCheckDigits(body, 9)).filter(id -> !allEqual(id));
    }

    @Property
    void generatedCpfsPass(@ForAll("cpfs") String cpf) {
        assertThat(TaxIds.validate(cpf).value()).isEqualTo(new TaxId(TaxId.Type.CPF, cpf));
        String formatted = cpf.substring(0, 3) + "." + cpf.substring(3, 6) + "." + cpf.substring(6, 9) + "-" + cpf.substring(9);
        assertThat(TaxIds.validate(formatted).value()).isEqualTo(new TaxId(TaxId.Type.CPF, cpf));
    }

    @Property
    void generatedCnpjsPass(@ForAll("cnpjs") String cnpj) {
        assertThat(TaxIds.validate(cnpj).value()).isEqualTo(new TaxId(TaxId.Type.CNPJ, cnpj));
        String formatted = cnpj.substring(0, 2) + "." + cnpj.substring(2, 5) + "." + cnpj.substring(5, 8) + "/"
                + cnpj.substring(8, 12) + "-" + cnpj.substring(12);
        assertThat(TaxIds.validate(formatted.toLowerCase()).value()).isEqualTo(new TaxId(TaxId.Type.CNPJ, cnpj));
    }

    /*
     * "Any single-character change fails" is not quite Receita's rule: the mod-11 check digits cannot see two kinds
     * of change, and a validator that refused them would refuse real documents. So every change must be refused
     * exactly when the rule, computed independently above, refuses it; the two blind spots are pinned below.
     */
    @Property
    void aSingleCharacterChangeOfACpfFailsUnlessReceitasRuleAcceptsIt(@ForAll("cpfs") String cpf,
            @ForAll("positions11") int position, @ForAll("cnpjCharacter") char replacement) {
        String mutated = replace(cpf, position, replacement);
        boolean acceptedByTheRule = !mutated.equals(cpf) && mutated.chars().allMatch(Character::isDigit)
                && withCheckDigits(mutated.substring(0, 9), Integer.MAX_VALUE).equals(mutated) && !allEqual(mutated);
        if (!mutated.equals(cpf)) {
            assertThat(TaxIds.validate(mutated).isOk()).as("%s changed to %s", cpf, mutated).isEqualTo(acceptedByTheRule);
        }
        Statistics.label("change").collect(acceptedByTheRule ? "blind spot" : "refused");
    }

    @Property
    void aSingleCharacterChangeOfACnpjFailsUnlessReceitasRuleAcceptsIt(@ForAll("cnpjs") String cnpj,
            @ForAll("positions14") int position, @ForAll("cnpjCharacter") char replacement) {
        String mutated = replace(cnpj, position, replacement);
        boolean acceptedByTheRule = !mutated.equals(cnpj) && Character.isDigit(mutated.charAt(12))
                && Character.isDigit(mutated.charAt(13)) && withCheckDigits(mutated.substring(0, 12), 9).equals(mutated)
                && !allEqual(mutated);
        if (!mutated.equals(cnpj)) {
            assertThat(TaxIds.validate(mutated).isOk()).as("%s changed to %s", cnpj, mutated).isEqualTo(acceptedByTheRule);
        }
        Statistics.label("change").collect(acceptedByTheRule ? "blind spot" : "refused");
    }

    /** Blind spot 1: remainders 0 and 1 both give check digit 0, and a CPF's first digit weighs 11 in the second. */
    @Example
    void aCpfChangeThatMovesTheRemainderFromOneToZeroIsInvisible() {
        assertThat(TaxIds.validate("12345678909").isOk()).isTrue();
        assertThat(TaxIds.validate("22345678909").isOk()).isTrue();
    }

    /** Blind spot 2: an alphanumeric CNPJ character is worth its code minus 48, so 2 (2) and H (24) differ by 22. */
    @Example
    void aCnpjCharacterSwappedForOneElevenOrTwentyTwoAwayIsInvisible() {
        assertThat(TaxIds.validate("00000000002054").isOk()).isTrue();
        assertThat(TaxIds.validate("0000000000H054").isOk()).isTrue();
    }

    @Provide
    Arbitrary<Integer> positions11() {
        return Arbitraries.integers().between(0, 10);
    }

    @Provide
    Arbitrary<Integer> positions14() {
        return Arbitraries.integers().between(0, 13);
    }

    @Provide
    Arbitrary<Character> cnpjCharacter() {
        return Arbitraries.of(CNPJ_CHARACTERS.chars().mapToObj(c -> (char) c).toList());
    }

    static String replace(String id, int position, char replacement) {
        return id.substring(0, position) + replacement + id.substring(position + 1);
    }
}
