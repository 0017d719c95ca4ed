package io.cadencia.retry;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.random.RandomGenerator;

import static org.assertj.core.api.Assertions.assertThat;

class JitterTest {

    /** Threads racing on one generator's seed draw the same values; independent 64-bit draws practically never repeat. */
    @Test
    void threadsSharingTheGeneratorNeverDrawTheSameSequence() throws Exception {
        assertThat(repeatedDraws(Jitter.SHARED)).isZero();
    }

    /** A snapshot copies the generator's state into every restored container: same state, same delays. */
    @Test
    void copiesOfOneStateDrawTheSameDelaysUntilEachIsReseeded() {
        Jitter first = new Jitter(42);
        Jitter second = new Jitter(42);
        assertThat(draws(first, 3)).isEqualTo(draws(second, 3));

        first.reseed();
        second.reseed();

        assertThat(draws(first, 3)).isNotEqualTo(draws(second, 3));
    }

    /** A thread that drew before the restore (the Lambda runtime's own thread does) draws from the new root after it. */
    @Test
    void aThreadThatDrewBeforeTheReseedDrawsFromTheNewRoot() {
        Jitter jitter = new Jitter(1);
        draws(jitter, 2);

        jitter.reseed(7);

        assertThat(draws(jitter, 3)).isEqualTo(draws(new Jitter(7), 3));
    }

    private static List<Long> draws(Jitter jitter, int count) {
        List<Long> values = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            values.add(jitter.nextLong());
        }
        return values;
    }

    private static int repeatedDraws(RandomGenerator random) throws Exception {
        int threads = 8;
        int draws = 200_000;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        CountDownLatch go = new CountDownLatch(1);
        List<Future<long[]>> results = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            results.add(pool.submit(() -> {
                go.await();
                long[] values = new long[draws];
                for (int i = 0; i < draws; i++) {
                    values[i] = random.nextLong();
                }
                return values;
            }));
        }
        go.countDown();
        Set<Long> seen = new HashSet<>();
        int repeated = 0;
        for (Future<long[]> f : results) {
            for (long v : f.get()) {
                if (!seen.add(v)) {
                    repeated++;
                }
            }
        }
        pool.shutdown();
        return repeated;
    }
}
