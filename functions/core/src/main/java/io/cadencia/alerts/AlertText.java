package io.cadencia.alerts;

import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;

/**
 * What a tenant's admin reads on WhatsApp (in Portuguese, as the reminders): which alert, and since when; a resolved
 * notice also says when it opened, so one read alone tells the whole incident. The times make every notice's text
 * unique, so a gateway's duplicate detection never mistakes two incidents for one message sent twice.
 */
public final class AlertText {

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("dd/MM/yyyy HH:mm");

    private AlertText() {
    }

    public static String title(Alert alert) {
        return switch (alert) {
            case STUCK_MESSAGES -> "mensagens de cobrança presas em envio há mais de 2 horas";
            case ERROR_RATE -> "taxa de erro acima de 10% na última hora";
            case MISSED_RUN -> "um job agendado não executou nas últimas 24 horas";
            case WHATSAPP_OFFLINE -> "WhatsApp (instância Evolution) offline há mais de 30 minutos";
        };
    }

    public static String notice(Incident incident, ZoneId zone) {
        String title = title(incident.alert());
        if (incident.isOpen()) {
            return "⚠️ Cadência — alerta: " + title + ". Aberto em " + format(incident.openedAt(), zone) + ".";
        }
        return "✅ Cadência — resolvido: " + title + ". Aberto em " + format(incident.openedAt(), zone) + ", resolvido em "
                + format(incident.resolvedAt().orElseThrow(), zone) + ".";
    }

    private static String format(Instant at, ZoneId zone) {
        return TIME.format(at.atZone(zone));
    }
}
