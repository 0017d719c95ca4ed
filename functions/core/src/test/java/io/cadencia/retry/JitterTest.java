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
