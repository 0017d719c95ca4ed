package io.cadencia.retry;

import java.security.SecureRandom;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicReference;
import java.util.random.RandomGenerator;

/**
 * Randomness for jittered delays, shared by every thread of a container, and drawn again from fresh entropy by
 * {@link #reseed()}.
 *
 * <p>Each thread draws from its own generator, split from one root: a shared {@link java.util.Random} would race
 * (lost seed updates give threads the same "random" delays, the synchronisation jitter exists to break) or contend.
 * {@link java.util.concurrent.ThreadLocalRandom} would do that too, but its per-thread seeds and the seeder of new
 * threads live in the heap, and a SnapStart snapshot copies the heap into every container restored from it: those
 * containers would all draw the same delays and retry in lockstep. After a restore the composition root calls
 * {@link #reseed()}, and every thread splits a new generator from the new root on its next draw.
 */
public final class Jitter implements RandomGenerator {

    public static final Jitter SHARED = new Jitter(new SecureRandom().nextLong());

    private final AtomicReference<SplittableRandom> root;
    private final ThreadLocal<Local> local = new ThreadLocal<>();

    /** A thread's generator and the root it was split from. */
    private record Local(SplittableRandom root, SplittableRandom random) {
    }

    /** @param seed the root's seed: two instances with one seed draw the same values, as restored copies would */
    public Jitter(long seed) {
        this.root = new AtomicReference<>(new SplittableRandom(seed));
    }

    @Override
    public long nextLong() {
        SplittableRandom current = root.get();
        Local mine = local.get();
        if (mine == null || mine.root() != current) {
            SplittableRandom split;
            synchronized (current) {
                split = current.split();
            }
            mine = new Local(current, split);
            local.set(mine);
        }
        return mine.random().nextLong();
    }

    /**
     * A new root from fresh entropy. A new {@link SecureRandom} seeds itself from the operating system when first
     * used (on Linux, NativePRNG also mixes /dev/urandom into every draw), so after a restore it differs per container.
     */
    public void reseed() {
        reseed(new SecureRandom().nextLong());
    }

    /** A new root with this seed; every thread's generator is split from it again on its next draw. */
    public void reseed(long seed) {
        root.set(new SplittableRandom(seed));
    }
}
