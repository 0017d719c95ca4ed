package io.cadencia.billing;

import io.cadencia.aws.Attr;
import io.cadencia.tenant.TenantScope;
import io.cadencia.worktable.WorkTable;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.UpdateItemRequest;

import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;

/** A tenant's customers by normalised phone ({@link WorkTable#contact}): name, document and the opt-out flag. */
public final class Contacts {

    private final Function<String, TenantScope> work;

    public Contacts(Function<String, TenantScope> work) {
        this.work = work;
    }

    public Optional<Contact> find(String tenantId, String phone) {
        TenantScope scope = work.apply(tenantId);
        return scope.get(scope.key(WorkTable.contact(phone))).map(Contacts::toContact);
    }

    /** The known contacts among these phones, by phone, in one round trip per 100 (a whole ingest chunk). */
    public Map<String, Contact> findAll(String tenantId, List<String> phones) {
        TenantScope scope = work.apply(tenantId);
        Map<String, Contact> found = new HashMap<>();
        scope.getAll(phones.stream().distinct().map(p -> scope.key(WorkTable.contact(p))).toList()).forEach(item -> {
            Contact c = toContact(item);
            found.put(c.phone(), c);
        });
        return found;
    }

    /** Sets or clears the opt-out flag, creating the contact if the operator acts before any billing arrived. */
    public void setOptOut(String tenantId, String phone, boolean optedOut, Instant now) {
        TenantScope scope = work.apply(tenantId);
        scope.update(UpdateItemRequest.builder().key(scope.key(WorkTable.contact(phone)))
                .updateExpression("SET optedOut = :o, optOutChangedAt = :now, phone = :p, #t = :type")
                .expressionAttributeNames(Map.of("#t", "type"))
                .expressionAttributeValues(Map.of(":o", Attr.bool(optedOut), ":now", Attr.s(now.toString()), ":p", Attr.s(phone),
                        ":type", Attr.s("contact"))).build());
    }

    /**
     * The cycle's customer as a contact, written only when {@code known} (read before) is absent or differs in name or
     * document: an unchanged customer costs no write. Edge case 6: new data never clears an opt-out.
     */
    static void saveIfChanged(TenantScope scope, Cycle c, Optional<Contact> known, Instant now) {
        if (known.filter(k -> Objects.equals(k.name(), c.customerName()) && Objects.equals(k.document(), c.document())).isPresent()) {
            return;
        }
        scope.update(UpdateItemRequest.builder().key(scope.key(WorkTable.contact(c.phone())))
                .updateExpression("SET #n = :name, #d = :doc, phone = :phone, updatedAt = :now, optedOut = if_not_exists(optedOut, :no), #t = :type")
                .expressionAttributeNames(Map.of("#n", "name", "#d", "document", "#t", "type"))
                .expressionAttributeValues(Map.of(":name", Attr.s(c.customerName()), ":doc", Attr.s(c.document()),
                        ":phone", Attr.s(c.phone()), ":now", Attr.s(now.toString()), ":no", Attr.bool(false), ":type", Attr.s("contact")))
                .build());
    }

    private static Contact toContact(Map<String, AttributeValue> item) {
        return new Contact(Attr.str(item, "pk"), Attr.str(item, "phone"), Attr.str(item, "name"), Attr.str(item, "document"),
                Attr.flag(item, "optedOut"));
    }
}
