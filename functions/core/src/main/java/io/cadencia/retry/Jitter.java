package io.cadencia.retry;

import java.util.concurrent.ThreadLocalRandom;
import java.util.random.RandomGenerator;

/** Randomness for jittered delays, shared by every thread of a container. */
public final class Jitter {

    /**
     * Safe to share across threads: each draw comes from the calling thread's own {@link ThreadLocalRandom}. A
     * shared {@link java.util.SplittableRandom} or {@link java.util.Random} would race (lost seed updates give
     * threads the same "random" delays, the synchronisation jitter exists to break) or contend.
     */
    public static final RandomGenerator SHARED = () -> ThreadLocalRandom.current().nextLong();

    private Jitter() {
    }
}
