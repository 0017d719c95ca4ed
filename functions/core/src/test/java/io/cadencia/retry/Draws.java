package io.cadencia.retry;

import java.util.random.RandomGenerator;

/** Random generators that always draw one end of the range, so a jittered delay is known exactly. */
final class Draws {

    /** The top of the range: a full-jitter delay equals its ceiling. */
    static final RandomGenerator HIGHEST = new RandomGenerator() {
        @Override
        public long nextLong() {
            throw new UnsupportedOperationException();
        }

        @Override
        public long nextLong(long bound) {
            return bound - 1;
        }
    };

    static final RandomGenerator LOWEST = () -> 0L;

    private Draws() {
    }
}
