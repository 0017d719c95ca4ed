package io.cadencia.billing.schedule;

import io.cadencia.billing.Result;
import java.time.LocalTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.format.ResolverStyle;

/** Resolves the horario_envio setting: the tenant's value, else the global one, else 09:00. */
public final class SendTime {

    public static final String FIELD = "horario_envio";
    public static final LocalTime DEFAULT = LocalTime.of(9, 0);

    private static final DateTimeFormatter HH_MM =
            DateTimeFormatter.ofPattern("HH:mm").withResolverStyle(ResolverStyle.STRICT);

    private SendTime() {
    }

    /** Blank or null means "not set"; a set but malformed value is an error, not a silent fallback. */
    public static Result<LocalTime> resolve(String tenantSetting, String globalSetting) {
        String chosen = isSet(tenantSetting) ? tenantSetting : isSet(globalSetting) ? globalSetting : null;
        if (chosen == null) {
            return Result.ok(DEFAULT);
        }
        try {
            return Result.ok(LocalTime.parse(chosen.strip(), HH_MM));
        } catch (DateTimeParseException e) {
            return Result.error(FIELD, "\"" + chosen + "\" is not a time in format HH:mm");
        }
    }

    private static boolean isSet(String setting) {
        return setting != null && !setting.isBlank();
    }
}
