package io.cadencia.whatsapp;

/** How WhatsApp addresses a Brazilian mobile compared with the 13-digit E.164 number we store. */
final class PhoneDigits {

    private PhoneDigits() {
    }

    /**
     * True when {@code jid} ({@code 5537988242968@s.whatsapp.net}) addresses {@code numberDigits}. WhatsApp keeps
     * accounts created before the ninth digit under the 12-digit number, and Evolution stores the JID it resolved,
     * so {@code 553788242968@…} is the same customer as {@code 5537988242968}.
     */
    static boolean sameWhatsAppNumber(String numberDigits, String jid) {
        if (numberDigits == null || jid == null) {
            return false;
        }
        int at = jid.indexOf('@');
        String jidDigits = at < 0 ? jid : jid.substring(0, at);
        if (jidDigits.equals(numberDigits)) {
            return true;
        }
        return numberDigits.length() == 13 && numberDigits.startsWith("55") && numberDigits.charAt(4) == '9'
                && jidDigits.equals(numberDigits.substring(0, 4) + numberDigits.substring(5));
    }
}
