package io.cadencia.catalogue;

import java.util.Collection;
import java.util.TreeSet;

/** A name the operator typed (job, category, tenant, action) that does not exist; the message names it. */
public class UnknownNameException extends IllegalArgumentException {
    private final String kind;
    private final String value;

    public UnknownNameException(String kind, String value, Collection<String> known) {
        super("unknown " + kind + " '" + value + "'" + (known.isEmpty() ? "" : "; known: " + String.join(", ", new TreeSet<>(known))));
        this.kind = kind;
        this.value = value;
    }

    public UnknownNameException(String kind, String value) {
        super("unknown " + kind + " '" + value + "'");
        this.kind = kind;
        this.value = value;
    }

    public String kind() {
        return kind;
    }

    public String value() {
        return value;
    }
}
