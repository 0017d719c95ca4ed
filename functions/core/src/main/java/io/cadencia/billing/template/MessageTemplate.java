package io.cadencia.billing.template;

import io.cadencia.billing.Result;
import java.util.ArrayList;
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

    /**
     * Fills the placeholders. A sentence (text up to '.', '!' or '?' followed by a space) or a line that holds a
     * placeholder whose value is empty — no link, no PIX code — is dropped whole, so an optional field never leaves
     * a dangling label like "PIX: " or "Pague: ." behind. Runs of blank lines left by dropped lines collapse to one.
     */
    public String render(TemplateValues values) {
        List<String> lines = new ArrayList<>();
        for (String line : text.split("\n", -1)) {
            StringBuilder kept = new StringBuilder(line.length() + 64);
            for (String sentence : sentences(line)) {
                if (!hasEmptyPlaceholder(sentence, values)) {
                    kept.append(fill(sentence, values));
                }
            }
            String rendered = kept.toString().stripTrailing();
            boolean dropped = rendered.isEmpty() && !line.isBlank();
            boolean repeatedBlank = rendered.isEmpty() && !lines.isEmpty() && lines.get(lines.size() - 1).isEmpty();
            if (!dropped && !repeatedBlank) {
                lines.add(rendered);
            }
        }
        return String.join("\n", lines).strip();
    }

    private static List<String> sentences(String line) {
        List<String> sentences = new ArrayList<>();
        int start = 0;
        for (int i = 0; i < line.length() - 1; i++) {
            char c = line.charAt(i);
            if ((c == '.' || c == '!' || c == '?') && Character.isWhitespace(line.charAt(i + 1))) {
                int end = i + 1;
                while (end < line.length() && Character.isWhitespace(line.charAt(end))) {
                    end++;
                }
                sentences.add(line.substring(start, end));
                start = end;
                i = end - 1;
            }
        }
        if (start < line.length()) {
            sentences.add(line.substring(start));
        }
        return sentences;
    }

    private static boolean hasEmptyPlaceholder(String sentence, TemplateValues values) {
        return PLACEHOLDERS.stream().anyMatch(p -> sentence.contains("{" + p + "}") && values.valueOf(p).isBlank());
    }

    private static String fill(String text, TemplateValues values) {
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
