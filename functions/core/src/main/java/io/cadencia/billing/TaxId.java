package io.cadencia.billing;

/** A checked CPF or CNPJ without formatting; alphanumeric CNPJs keep their upper-case letters. */
public record TaxId(Type type, String value) {

    public enum Type { CPF, CNPJ }
}
