package io.cadencia.catalogue;

import java.util.Collection;
import java.util.List;
import java.util.TreeSet;

/** A name the operator typed (job, category, tenant, action) that does not exist; the message names it. */
public class UnknownNameException extends IllegalArgumentException {
    private static final int LISTED = 50;

    private final String kind;
    private final String value;

    public UnknownNameException(String kind, String value, Collection<String> known) {
        super("unknown " + kind + " '" + value + "'" + (known.isEmpty() ? "" : "; known: " + listed(known)));
        this.kind = kind;
        this.value = value;
    }

    public UnknownNameException(String kind, String value) {
        super("unknown " + kind + " '" + value + "'");
        this.kind = kind;
        this.value = value;
    }

    /** In name order; a long list (tenants) is cut after {@value #LISTED} names, saying how many there are. */
    private static String listed(Collection<String> known) {
        List<String> names = List.copyOf(new TreeSet<>(known));
        if (names.size() <= LISTED) {
            return String.join(", ", names);
        }
        return String.join(", ", names.subList(0, LISTED)) + ", … (" + names.size() + " in all)";
    }

    public String kind() {
        return kind;
    }

    public String value() {
        return value;
    }
}
