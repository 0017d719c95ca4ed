package io.cadencia.billing;

import io.cadencia.aws.Attr;
import io.cadencia.billing.template.MessageTemplate;
import io.cadencia.billing.template.TemplateCatalog;
import io.cadencia.tenant.TenantScope;
import io.cadencia.worktable.WorkTable;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.PutItemRequest;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/** A tenant's reminder texts ({@link WorkTable#template}): the variations of each plan step, and a generic one. */
public final class Templates {

    /** The step name of the tenant's fallback text for steps without their own. */
    public static final String GENERIC = "generic";

    private final Function<String, TenantScope> work;

    public Templates(Function<String, TenantScope> work) {
        this.work = work;
    }

    public void save(String tenantId, String step, List<MessageTemplate> variations, Instant now) {
        TenantScope scope = work.apply(tenantId);
        Map<String, AttributeValue> item = new HashMap<>(scope.key(WorkTable.template(step)));
        item.put("step", Attr.s(step));
        item.put("variations", AttributeValue.fromL(variations.stream().map(t -> Attr.s(t.text())).toList()));
        item.put("updatedAt", Attr.s(now.toString()));
        scope.put(PutItemRequest.builder().item(item).build());
    }

    /** The tenant's catalog; texts were validated when saved, and a step without variations falls back (edge case 5). */
    public TemplateCatalog catalog(String tenantId) {
        Map<String, List<MessageTemplate>> byStep = new HashMap<>();
        Optional<MessageTemplate> generic = Optional.empty();
        for (Map<String, AttributeValue> item : work.apply(tenantId).query(WorkTable.TEMPLATES, Integer.MAX_VALUE)) {
            String step = Attr.str(item, "step");
            List<MessageTemplate> variations = new ArrayList<>();
            List<AttributeValue> texts = item.containsKey("variations") ? item.get("variations").l() : List.of();
            for (int i = 0; i < texts.size(); i++) {
                variations.add(new MessageTemplate(step + "#" + (i + 1), texts.get(i).s()));
            }
            if (GENERIC.equals(step)) {
                generic = variations.stream().findFirst();
            } else {
                byStep.put(step, variations);
            }
        }
        return new TemplateCatalog(byStep, generic);
    }
}
