package io.cadencia.billing.template;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/** A tenant's templates: variations per step name (e.g. "D-3") plus an optional tenant-wide generic one. */
public record TemplateCatalog(Map<String, List<MessageTemplate>> variationsByStep,
        Optional<MessageTemplate> tenantGeneric) {

    /** Last resort of edge case 5, so a missing template never blocks a reminder. */
    public static final MessageTemplate BUILT_IN_GENERIC = new MessageTemplate("generic",
            "Olá, {nome}! Lembramos que sua fatura no valor de {valor} vence em {vencimento}. "
                    + "Para pagar, acesse: {link}");

    public TemplateCatalog {
        variationsByStep = variationsByStep.entrySet().stream()
                .collect(Collectors.toUnmodifiableMap(Map.Entry::getKey, e -> List.copyOf(e.getValue())));
    }

    /** Step variations, else the tenant's generic template, else {@link #BUILT_IN_GENERIC}; never empty. */
    public List<MessageTemplate> resolve(String stepName) {
        List<MessageTemplate> variations = variationsByStep.getOrDefault(stepName, List.of());
        if (!variations.isEmpty()) {
            return variations;
        }
        return List.of(tenantGeneric.orElse(BUILT_IN_GENERIC));
    }

    /** Rotates by a sequential key (e.g. a cycle number): consecutive keys always get different variations. */
    public MessageTemplate pick(String stepName, long rotationKey) {
        List<MessageTemplate> variations = resolve(stepName);
        return variations.get((int) Math.floorMod(rotationKey, (long) variations.size()));
    }

    /**
     * Rotates by an opaque key (e.g. a cycle UUID) through {@link String#hashCode()}, whose value the Java
     * spec fixes, so a re-send of the same cycle step gets the same text on any JVM; spread is statistical.
     */
    public MessageTemplate pick(String stepName, String rotationKey) {
        return pick(stepName, (long) rotationKey.hashCode());
    }
}
