package io.cadencia.ratelimit;

import java.time.Duration;

/** @param retryIn when denied: how long until enough tokens, if nobody else takes any */
public record Decision(boolean granted, Bucket bucket, Duration retryIn) {
}
