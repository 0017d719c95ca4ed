package io.cadencia.hubsoft;

import io.cadencia.ratelimit.Bucket;
import io.cadencia.ratelimit.Decision;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.constraints.IntRange;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The bucket arithmetic under any sequence of requests, priorities and clock steps (a caller's clock may lag). */
class RateLimitPolicyPropertiesTest {

    static final Instant T0 = Instant.parse("2026-11-23T12:00:00Z");

    /** One request: how far the caller's clock is from the previous caller's (negative: behind), and who asks. */
    record Request(long stepMillis, Priority priority) {
    }

    @Provide
    Arbitrary<List<Request>> requests() {
        // Mostly bursts (same millisecond or a few ms apart), some waits, some lagging clocks.
        Arbitrary<Long> steps = Arbitraries.frequencyOf(
                Tuple.of(6, Arbitraries.longs().between(0, 50)),
                Tuple.of(3, Arbitraries.longs().between(0, 10_000)),
                Tuple.of(1, Arbitraries.longs().between(-5_000, 0)));
        return Combinators.combine(steps, Arbitraries.of(Priority.class)).as(Request::new).list().ofMaxSize(300);
    }

    /** What a property checks after each request: who asked, at what time, and the policy's answer. */
    interface Check {
        void after(Request request, Instant at, Decision decision);
    }

    /** Plays the requests against one bucket; a window about real time needs a clock that never steps back. */
    static void replay(RateLimitPolicy policy, List<Request> requests, boolean clockMayLag, Check check) {
        Bucket bucket = policy.full(T0);
        Instant now = T0;
        for (Request request : requests) {
            now = now.plusMillis(clockMayLag ? request.stepMillis() : Math.max(0, request.stepMillis()));
            Decision decision = policy.take(bucket, now, request.priority());
            check.after(request, now, decision);
            bucket = decision.bucket();
        }
    }

    @Property
    void tokensStayWithinTheBucketAndGrantsNeverSpendAHigherPrioritysReserve(
            @ForAll @IntRange(min = 5, max = 120) int requestsPerMinute, @ForAll("requests") List<Request> requests) {
        RateLimitPolicy policy = RateLimitPolicy.of(requestsPerMinute);
        replay(policy, requests, true, (request, at, decision) -> {
            assertThat(decision.bucket().tokens()).isBetween(0.0, (double) policy.burst());
            if (decision.granted()) {
                assertThat(decision.bucket().tokens()).as("left after a %s grant", request.priority())
                        .isGreaterThanOrEqualTo(policy.floor(request.priority()));
            }
        });
    }

    @Property
    void noSixtySecondWindowGrantsMoreThanTheLimit(
            @ForAll @IntRange(min = 5, max = 120) int requestsPerMinute, @ForAll("requests") List<Request> requests) {
        List<Instant> grants = new ArrayList<>();
        replay(RateLimitPolicy.of(requestsPerMinute), requests, false, (request, at, decision) -> {
            if (decision.granted()) {
                grants.add(at);
                Instant windowStart = at.minus(Duration.ofSeconds(60));
                long inWindow = grants.stream().filter(t -> !t.isBefore(windowStart)).count();
                assertThat(inWindow).as("grants in [%s, %s]", windowStart, at).isLessThanOrEqualTo(requestsPerMinute);
            }
        });
    }

    @Property
    void aDeniedRequestIsGrantedAfterTheWaitItWasGiven(
            @ForAll @IntRange(min = 5, max = 120) int requestsPerMinute, @ForAll("requests") List<Request> requests) {
        RateLimitPolicy policy = RateLimitPolicy.of(requestsPerMinute);
        replay(policy, requests, false, (request, at, decision) -> {
            if (!decision.granted()) {
                assertThat(policy.take(decision.bucket(), at.plus(decision.retryIn()), request.priority()).granted())
                        .as("%s retried after %s", request.priority(), decision.retryIn()).isTrue();
            }
        });
    }
}
