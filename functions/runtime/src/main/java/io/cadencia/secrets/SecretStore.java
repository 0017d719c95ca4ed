package io.cadencia.secrets;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Ticker;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.secretsmanager.model.ResourceNotFoundException;

import java.time.Duration;
import java.util.Optional;

/**
 * Reads secrets from Secrets Manager through a short per-container cache, so a warm Lambda does not call the
 * service per message. Values never leave through toString or logs: only names are ever reported.
 */
public final class SecretStore {

    private final SecretsManagerClient client;
    private final Cache<String, Optional<String>> cache;

    public SecretStore(SecretsManagerClient client, Duration maxAge, Ticker ticker) {
        this.client = client;
        this.cache = Caffeine.newBuilder().expireAfterWrite(maxAge).maximumSize(10_000).ticker(ticker).build();
    }

    public Optional<String> find(String name) {
        return cache.get(name, this::load);
    }

    public String require(String name) {
        return find(name).orElseThrow(() -> new IllegalStateException("secret " + name + " does not exist"));
    }

    public void invalidate(String name) {
        cache.invalidate(name);
    }

    private Optional<String> load(String name) {
        try {
            return Optional.ofNullable(client.getSecretValue(b -> b.secretId(name)).secretString());
        } catch (ResourceNotFoundException e) {
            return Optional.empty();
        }
    }
}
