package io.cadencia.billing;

import io.cadencia.ratelimit.TokenBucket;
import io.cadencia.tenant.KnownSettings;
import io.cadencia.tenant.Settings;

/**
 * A tenant's ingest limits (settings {@code ingest_requests_per_minute}, {@code ingest_billings_per_minute},
 * resolved tenant → global → default). Each is a token bucket holding a minute's worth and refilled at that rate:
 * an ISP that sends nothing for a while may send a minute's worth at once (a nightly export of 1000 billings must
 * not be split by us), and over any longer stretch the rate holds; the worst 60-second window sees twice the limit.
 */
public record IngestLimits(int requestsPerMinute, int billingsPerMinute) {

    public static IngestLimits of(Settings settings) {
        return new IngestLimits(integer(settings, KnownSettings.INGEST_REQUESTS_PER_MINUTE),
                integer(settings, KnownSettings.INGEST_BILLINGS_PER_MINUTE));
    }

    /** Settings skips a stored value that fails its check, so what resolves here always parses. */
    private static int integer(Settings settings, String key) {
        return Integer.parseInt(settings.find(key).orElseGet(() -> KnownSettings.require(key).defaultValue().orElseThrow()));
    }

    public TokenBucket requests() {
        return new TokenBucket(requestsPerMinute, requestsPerMinute);
    }

    public TokenBucket billings() {
        return new TokenBucket(billingsPerMinute, billingsPerMinute);
    }
}
