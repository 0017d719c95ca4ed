package io.cadencia.hubsoft;

import com.fasterxml.jackson.databind.JsonNode;
import io.cadencia.aws.Json;
import io.cadencia.observability.MetricsSink;
import io.cadencia.retry.Sleeper;
import io.cadencia.secrets.SecretNames;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.secretsmanager.model.ResourceNotFoundException;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import io.cadencia.work.Deadline;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * One HubSoft access token per tenant account, shared by every Lambda (seed 003 §2).
 *
 * <p>Levels: this container's memory, then the secret {@link SecretNames#hubsoftToken}
 * ({@code {access_token, expires_at}}). A token with less than 5 minutes left is renewed by exactly one Lambda:
 * the one that wins the token lease ({@link SharedTable}); the others poll the secret briefly
 * and reuse what the winner wrote. The token's value is never logged nor put in an exception message.
 */
public final class TokenManager {

    private final HttpClient http;
    private final SecretsManagerClient secrets;
    private final HubSoftAccounts accounts;
    private final DynamoLease lease;
    private final DynamoRateLimiter limiter;
    private final HubSoftConfig config;
    private final Clock clock;
    private final Sleeper leaseWait;
    private final MetricsSink metrics;
    private final Supplier<String> owner;
    private final SecretNames names;
    private final Map<String, AccessToken> memory = new ConcurrentHashMap<>();

    /**
     * @param leaseWait how losers of the renewal lease wait for the winner: real time even in simulations, since
     *                  it waits for another thread's work, not for the clock
     * @param owner     the container's identity as the renewal lease's owner, read at each renewal (a SnapStart
     *                  restore renews it)
     */
    public TokenManager(HttpClient http, SecretsManagerClient secrets, SecretNames names, HubSoftAccounts accounts, DynamoLease lease,
                        DynamoRateLimiter limiter, HubSoftConfig config, Clock clock, Sleeper leaseWait, MetricsSink metrics,
                        Supplier<String> owner) {
        this.http = http;
        this.secrets = secrets;
        this.names = names;
        this.accounts = accounts;
        this.lease = lease;
        this.limiter = limiter;
        this.config = config;
        this.clock = clock;
        this.leaseWait = leaseWait;
        this.metrics = metrics;
        this.owner = owner;
    }

    /** A token with at least 5 minutes left. */
    public AccessToken token(String tenantId) {
        AccessToken known = memory.get(tenantId);
        if (known != null && !known.needsRenewal(clock.instant())) {
            return known;
        }
        return obtain(tenantId, null);
    }

    /** HubSoft answered 401 to {@code rejected}: a token other than it, renewed unless another Lambda already did. */
    public AccessToken renewAfterRejection(String tenantId, AccessToken rejected) {
        memory.remove(tenantId, rejected);
        metrics.count("hubsoft.token.rejected", Map.of());
        return obtain(tenantId, rejected);
    }

    private AccessToken obtain(String tenantId, AccessToken rejected) {
        Map<String, AttributeValue> leaseKey = SharedTable.tokenLease(tenantId);
        String me = owner.get();
        for (int poll = 0; poll < config.leasePolls(); poll++) {
            AccessToken shared = usable(readShared(tenantId), rejected);
            if (shared != null) {
                memory.put(tenantId, shared);
                return shared;
            }
            if (lease.tryAcquire(leaseKey, me, clock.instant(), config.leaseDuration())) {
                try {
                    // Re-read under the lease: the previous holder may have written a token just before releasing.
                    AccessToken renewed = usable(readShared(tenantId), rejected);
                    if (renewed == null) {
                        renewed = issue(tenantId);
                        writeShared(tenantId, renewed);
                    }
                    memory.put(tenantId, renewed);
                    return renewed;
                } finally {
                    lease.release(leaseKey, me);
                }
            }
            if (Deadline.boundedWait(config.leasePoll(), config.requestTimeout()).compareTo(config.leasePoll()) < 0) {
                throw new HubSoftUnavailableException("no time left before the job's deadline to wait for the HubSoft token of tenant " + tenantId);
            }
            try {
                leaseWait.sleep(config.leasePoll());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new HubSoftUnavailableException("interrupted waiting for the HubSoft token of tenant " + tenantId, e);
            }
        }
        throw new HubSoftUnavailableException("HubSoft token of tenant " + tenantId + " was not renewed by the lease holder in time");
    }

    private AccessToken usable(AccessToken token, AccessToken rejected) {
        if (token == null || token.needsRenewal(clock.instant())) {
            return null;
        }
        return rejected != null && rejected.value().equals(token.value()) ? null : token;
    }

    private AccessToken issue(String tenantId) {
        HubSoftCredentials credentials = accounts.require(tenantId);
        limiter.acquire(tenantId, Priority.CRITICAL);
        Map<String, String> body = new LinkedHashMap<>();
        body.put("grant_type", "password");
        body.put("client_id", credentials.clientId());
        body.put("client_secret", credentials.clientSecret());
        body.put("username", credentials.username());
        body.put("password", credentials.password());
        String target = credentials.host() + "/oauth/token";
        HttpResponse<String> response;
        try {
            response = http.send(HttpRequest.newBuilder(URI.create(target)).timeout(config.requestTimeout())
                    .header("Content-Type", "application/json").header("Accept", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(Json.MAPPER.writeValueAsString(body))).build(),
                    HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new HubSoftUnavailableException("POST " + target + " failed: " + e.getClass().getSimpleName(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new HubSoftUnavailableException("interrupted during POST " + target, e);
        }
        metrics.count("hubsoft.request", Map.of("operation", "oauth_token"));
        int status = response.statusCode();
        if (status == 401 || status == 400) {
            throw new HubSoftAuthException("HubSoft refused the credentials of tenant " + tenantId + " (POST " + target + " -> " + status + ")");
        }
        if (status != 200) {
            throw new HubSoftUnavailableException("POST " + target + " -> " + status);
        }
        try {
            JsonNode node = Json.MAPPER.readTree(response.body());
            String value = node.path("access_token").asText("");
            long expiresIn = node.path("expires_in").asLong(0);
            if (value.isEmpty() || expiresIn <= 0) {
                throw new HubSoftUnavailableException("POST " + target + " answered 200 without access_token/expires_in");
            }
            metrics.count("hubsoft.token.renewed", Map.of());
            return new AccessToken(value, clock.instant().plusSeconds(expiresIn));
        } catch (IOException e) {
            throw new HubSoftUnavailableException("POST " + target + " answered 200 with a body that is not JSON");
        }
    }

    private AccessToken readShared(String tenantId) {
        String json;
        try {
            json = secrets.getSecretValue(b -> b.secretId(names.hubsoftToken(tenantId))).secretString();
        } catch (ResourceNotFoundException e) {
            return null;
        }
        try {
            JsonNode node = Json.MAPPER.readTree(json);
            return new AccessToken(node.path("access_token").asText(), Instant.parse(node.path("expires_at").asText()));
        } catch (IOException | RuntimeException unreadable) {
            // A damaged token secret is simply renewed; its text is not reported since it would be the token.
            return null;
        }
    }

    private void writeShared(String tenantId, AccessToken token) {
        String json;
        try {
            json = Json.MAPPER.writeValueAsString(Map.of("access_token", token.value(), "expires_at", token.expiresAt().toString()));
        } catch (IOException e) {
            throw new IllegalStateException("cannot serialize the token secret of tenant " + tenantId);
        }
        String name = names.hubsoftToken(tenantId);
        try {
            secrets.putSecretValue(b -> b.secretId(name).secretString(json));
        } catch (ResourceNotFoundException first) {
            secrets.createSecret(b -> b.name(name).secretString(json));
        }
    }
}
