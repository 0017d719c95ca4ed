package io.cadencia.billing.template;

import io.cadencia.billing.Result;
import java.util.List;
import java.util.Optional;

/**
 * A reminder text with single-brace placeholders {nome}, {valor}, {vencimento}, {link}, {pix}.
 * Only single braces are accepted: "{{nome}}" is refused as unbalanced rather than half-rendered.
 */
public record MessageTemplate(String name, String text) {

    public static final String FIELD = "template";
    public static final List<String> PLACEHOLDERS = List.of("nome", "valor", "vencimento", "link", "pix");

    public MessageTemplate {
        Optional<String> problem = problem(name, text);
        if (problem.isPresent()) {
            throw new IllegalArgumentException(problem.get());
        }
    }

    /** Validates before saving, so a typo like {nome_cliente} is refused instead of reaching customers. */
    public static Result<MessageTemplate> of(String name, String text) {
        Optional<String> problem = problem(name, text);
        return problem.isPresent() ? Result.error(FIELD, problem.get()) : Result.ok(new MessageTemplate(name, text));
    }

    public String render(TemplateValues values) {
        StringBuilder out = new StringBuilder(text.length() + 64);
        int i = 0;
        while (i < text.length()) {
            int open = text.indexOf('{', i);
            if (open < 0) {
                out.append(text, i, text.length());
                break;
            }
            int close = text.indexOf('}', open);
            out.append(text, i, open).append(values.valueOf(text.substring(open + 1, close)));
            i = close + 1;
        }
        return out.toString();
    }

    private static Optional<String> problem(String name, String text) {
        if (name == null || name.isBlank()) {
            return Optional.of("template name is required");
        }
        String prefix = "template \"" + name + "\": ";
        if (text == null || text.isBlank()) {
            return Optional.of(prefix + "text is empty");
        }
        int i = 0;
        while (i < text.length()) {
            int open = text.indexOf('{', i);
            int stray = text.indexOf('}', i);
            if (stray >= 0 && (open < 0 || stray < open)) {
                return Optional.of(prefix + "unbalanced '}' at position " + stray);
            }
            if (open < 0) {
                return Optional.empty();
            }
            int close = text.indexOf('}', open);
            int nested = text.indexOf('{', open + 1);
            if (close < 0 || (nested >= 0 && nested < close)) {
                return Optional.of(prefix + "unbalanced '{' at position " + open + " (use single braces, e.g. {nome})");
            }
            String placeholder = text.substring(open + 1, close);
            if (!PLACEHOLDERS.contains(placeholder)) {
                return Optional.of(prefix + "unknown placeholder {" + placeholder + "} (allowed: {nome}, {valor}, "
                        + "{vencimento}, {link}, {pix})");
            }
            i = close + 1;
        }
        return Optional.empty();
    }
}
