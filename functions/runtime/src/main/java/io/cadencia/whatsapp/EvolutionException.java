package io.cadencia.whatsapp;

/** A non-send call failed; {@code temporary} follows the same classification as {@link SendResult}. */
public final class EvolutionException extends RuntimeException {

    private final boolean temporary;

    public EvolutionException(boolean temporary, String reason) {
        super(reason);
        this.temporary = temporary;
    }

    public boolean temporary() {
        return temporary;
    }
}
