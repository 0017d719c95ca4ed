package io.cadencia.billing.template;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/** A tenant's templates: variations per step name (e.g. "D-3") plus an optional tenant-wide generic one. */
public record TemplateCatalog(Map<String, List<MessageTemplate>> variationsByStep,
        Optional<MessageTemplate> tenantGeneric) {

    private static final String LINK_AND_PIX = "\nPara pagar, acesse: {link}\nPIX copia e cola: {pix}";

    /**
     * Last resort of edge case 5, one per timing, so a missing template never blocks a reminder and never says
     * "vence em" about a date already past. The link and PIX lines drop out when the bill has none.
     */
    private static final Map<TemplateValues.Timing, MessageTemplate> BUILT_IN = Map.of(
            TemplateValues.Timing.BEFORE_DUE, new MessageTemplate("generic-before-due",
                    "Olá, {nome}! Lembramos que sua fatura no valor de {valor} vence em {vencimento}." + LINK_AND_PIX),
            TemplateValues.Timing.DUE_TODAY, new MessageTemplate("generic-due-today",
                    "Olá, {nome}! Sua fatura no valor de {valor} vence hoje ({vencimento})." + LINK_AND_PIX),
            TemplateValues.Timing.OVERDUE, new MessageTemplate("generic-overdue",
                    "Olá, {nome}! Sua fatura no valor de {valor}, vencida em {vencimento}, está em aberto. "
                            + "Se você já pagou, desconsidere esta mensagem." + LINK_AND_PIX));

    public TemplateCatalog {
        variationsByStep = variationsByStep.entrySet().stream()
                .collect(Collectors.toUnmodifiableMap(Map.Entry::getKey, e -> List.copyOf(e.getValue())));
    }

    public static MessageTemplate builtIn(TemplateValues.Timing timing) {
        return BUILT_IN.get(timing);
    }

    /** Step variations, else the tenant's generic template, else the built-in text for the timing; never empty. */
    public List<MessageTemplate> resolve(String stepName, TemplateValues.Timing timing) {
        List<MessageTemplate> variations = variationsByStep.getOrDefault(stepName, List.of());
        if (!variations.isEmpty()) {
            return variations;
        }
        return List.of(tenantGeneric.orElse(builtIn(timing)));
    }

    /** Rotates by a sequential key (e.g. a cycle number): consecutive keys always get different variations. */
    public MessageTemplate pick(String stepName, long rotationKey, TemplateValues.Timing timing) {
        List<MessageTemplate> variations = resolve(stepName, timing);
        return variations.get((int) Math.floorMod(rotationKey, (long) variations.size()));
    }

    /** The text to send; a tenant template whose every sentence needed a missing field gives way to the built-in one. */
    public String render(String stepName, long rotationKey, TemplateValues values) {
        String text = pick(stepName, rotationKey, values.timing()).render(values);
        return text.isBlank() ? builtIn(values.timing()).render(values) : text;
    }
}
