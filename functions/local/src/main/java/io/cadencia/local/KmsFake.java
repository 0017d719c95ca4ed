package io.cadencia.local;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cadencia.aws.Json;

import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;

/**
 * A wire-level AWS KMS for symmetric keys: speaks the service's awsJson1_1 protocol ({@code X-Amz-Target:
 * TrentService.<Operation>}, blobs as base64) so the real SDK {@code KmsClient} talks to it unchanged.
 *
 * <p>Emulated: CreateKey, DescribeKey, CreateAlias, GenerateDataKey (AES_256 or NumberOfBytes), Encrypt, Decrypt,
 * keys named by id, ARN, alias or alias ARN; the encryption context is bound to the ciphertext as KMS binds it
 * (Decrypt under another context is {@code InvalidCiphertextException}), and a Decrypt naming a KeyId other than
 * the ciphertext's is {@code IncorrectKeyException}. Not emulated: key policies, grants and IAM (every caller may do
 * everything), key states other than Enabled (disable, pending deletion), rotation, asymmetric and HMAC keys,
 * multi-Region keys, request quotas, and the real ciphertext format (this one is version, key id, nonce, AES-GCM).
 * Key material lives in memory only. Nothing here logs a plaintext.
 */
public final class KmsFake extends AwsJsonFake {

    private static final String ACCOUNT = "000000000000";
    private static final byte FORMAT = 1;

    private final Clock clock;
    private final String region;
    private final SecureRandom random = new SecureRandom();
    private final Map<String, Key> keys = new LinkedHashMap<>();
    private final Map<String, String> aliases = new LinkedHashMap<>();

    private record Key(UUID id, String arn, byte[] material, double created, String description) {
    }

    public KmsFake(Clock clock, String region) {
        super("kms-fake", "message");
        this.clock = clock;
        this.region = region;
    }

    @Override
    ObjectNode respond(String operation, JsonNode body) {
        return switch (operation) {
            case "CreateKey" -> create(body);
            case "DescribeKey" -> describe(body);
            case "CreateAlias" -> alias(body);
            case "GenerateDataKey" -> generateDataKey(body);
            case "Encrypt" -> encrypt(body);
            case "Decrypt" -> decrypt(body);
            default -> throw new Failure("UnsupportedOperationException", "operation " + operation + " is not supported by the local fake");
        };
    }

    private ObjectNode create(JsonNode body) {
        String spec = body.path("KeySpec").asText("SYMMETRIC_DEFAULT");
        String usage = body.path("KeyUsage").asText("ENCRYPT_DECRYPT");
        if (!spec.equals("SYMMETRIC_DEFAULT") || !usage.equals("ENCRYPT_DECRYPT")) {
            throw new Failure("UnsupportedOperationException", "the local fake has symmetric ENCRYPT_DECRYPT keys only, not " + spec + "/" + usage);
        }
        UUID id = UUID.randomUUID();
        byte[] material = new byte[32];
        random.nextBytes(material);
        Key key = new Key(id, "arn:aws:kms:" + region + ":" + ACCOUNT + ":key/" + id, material, clock.millis() / 1000.0,
                body.path("Description").asText(""));
        keys.put(id.toString(), key);
        return metadata(key);
    }

    private ObjectNode describe(JsonNode body) {
        return metadata(find(text(body, "KeyId")));
    }

    private ObjectNode alias(JsonNode body) {
        String name = text(body, "AliasName");
        if (!name.startsWith("alias/") || name.startsWith("alias/aws/")) {
            throw new Failure("ValidationException", "AliasName '" + name + "' must begin with alias/ and not alias/aws/");
        }
        if (aliases.containsKey(name)) {
            throw new Failure("AlreadyExistsException", "An alias with the name " + name + " already exists");
        }
        aliases.put(name, find(text(body, "TargetKeyId")).id().toString());
        return Json.MAPPER.createObjectNode();
    }

    private ObjectNode generateDataKey(JsonNode body) {
        Key key = find(text(body, "KeyId"));
        int bytes;
        if (body.has("KeySpec")) {
            bytes = switch (body.get("KeySpec").asText()) {
                case "AES_256" -> 32;
                case "AES_128" -> 16;
                default -> throw new Failure("ValidationException", "KeySpec '" + body.get("KeySpec").asText() + "' is not AES_256 or AES_128");
            };
        } else if (body.has("NumberOfBytes")) {
            bytes = body.get("NumberOfBytes").asInt();
        } else {
            throw new Failure("ValidationException", "Please specify either number of bytes or key spec.");
        }
        if (bytes < 1 || bytes > 1024) {
            throw new Failure("ValidationException", "NumberOfBytes must be from 1 to 1024");
        }
        byte[] plain = new byte[bytes];
        random.nextBytes(plain);
        return Json.MAPPER.createObjectNode().put("KeyId", key.arn())
                .put("Plaintext", Base64.getEncoder().encodeToString(plain))
                .put("CiphertextBlob", Base64.getEncoder().encodeToString(seal(key, plain, context(body))));
    }

    private ObjectNode encrypt(JsonNode body) {
        Key key = find(text(body, "KeyId"));
        byte[] plain = blob(body, "Plaintext");
        if (plain.length > 4096) {
            throw new Failure("ValidationException", "Plaintext must be at most 4096 bytes");
        }
        return Json.MAPPER.createObjectNode().put("KeyId", key.arn()).put("EncryptionAlgorithm", "SYMMETRIC_DEFAULT")
                .put("CiphertextBlob", Base64.getEncoder().encodeToString(seal(key, plain, context(body))));
    }

    private ObjectNode decrypt(JsonNode body) {
        ByteBuffer blob = ByteBuffer.wrap(blob(body, "CiphertextBlob"));
        if (blob.remaining() < 1 + 16 + 12 + 16 || blob.get() != FORMAT) {
            throw new Failure("InvalidCiphertextException", null);
        }
        UUID id = new UUID(blob.getLong(), blob.getLong());
        Key key = keys.get(id.toString());
        if (key == null) {
            throw new Failure("InvalidCiphertextException", null);
        }
        if (body.hasNonNull("KeyId") && !find(body.get("KeyId").asText()).id().equals(id)) {
            throw new Failure("IncorrectKeyException", "The key ID in the request does not identify a CMK that can perform this operation.");
        }
        byte[] nonce = new byte[12];
        blob.get(nonce);
        byte[] sealed = new byte[blob.remaining()];
        blob.get(sealed);
        try {
            byte[] plain = cipher(Cipher.DECRYPT_MODE, key, nonce, context(body)).doFinal(sealed);
            return Json.MAPPER.createObjectNode().put("KeyId", key.arn()).put("EncryptionAlgorithm", "SYMMETRIC_DEFAULT")
                    .put("Plaintext", Base64.getEncoder().encodeToString(plain));
        } catch (AEADBadTagException e) {
            throw new Failure("InvalidCiphertextException", null);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the KMS fake cannot decrypt: " + e.getClass().getSimpleName(), e);
        }
    }

    private byte[] seal(Key key, byte[] plain, byte[] context) {
        byte[] nonce = new byte[12];
        random.nextBytes(nonce);
        try {
            byte[] sealed = cipher(Cipher.ENCRYPT_MODE, key, nonce, context).doFinal(plain);
            return ByteBuffer.allocate(1 + 16 + 12 + sealed.length).put(FORMAT)
                    .putLong(key.id().getMostSignificantBits()).putLong(key.id().getLeastSignificantBits())
                    .put(nonce).put(sealed).array();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the KMS fake cannot encrypt: " + e.getClass().getSimpleName(), e);
        }
    }

    private static Cipher cipher(int mode, Key key, byte[] nonce, byte[] context) throws GeneralSecurityException {
        Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
        cipher.init(mode, new SecretKeySpec(key.material(), "AES"), new GCMParameterSpec(128, nonce));
        cipher.updateAAD(context);
        return cipher;
    }

    /** The encryption context in a canonical form (sorted pairs), the associated data of the ciphertext. */
    private static byte[] context(JsonNode body) {
        Map<String, String> pairs = new TreeMap<>();
        body.path("EncryptionContext").properties().forEach(e -> pairs.put(e.getKey(), e.getValue().asText()));
        try {
            return Json.MAPPER.writeValueAsString(pairs).getBytes(StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private Key find(String id) {
        String resolved = id;
        if (id.startsWith("arn:aws:kms:") && id.contains(":alias/")) {
            resolved = id.substring(id.indexOf(":alias/") + 1);
        } else if (id.startsWith("arn:aws:kms:")) {
            resolved = id.substring(id.lastIndexOf('/') + 1);
        }
        if (resolved.startsWith("alias/")) {
            String target = aliases.get(resolved);
            if (target == null) {
                throw new Failure("NotFoundException", "Alias arn:aws:kms:" + region + ":" + ACCOUNT + ":" + resolved + " is not found.");
            }
            resolved = target;
        }
        Key key = keys.get(resolved);
        if (key == null) {
            throw new Failure("NotFoundException", "Key 'arn:aws:kms:" + region + ":" + ACCOUNT + ":key/" + resolved + "' does not exist");
        }
        return key;
    }

    private static ObjectNode metadata(Key key) {
        ObjectNode out = Json.MAPPER.createObjectNode();
        out.putObject("KeyMetadata").put("AWSAccountId", ACCOUNT).put("KeyId", key.id().toString()).put("Arn", key.arn())
                .put("CreationDate", key.created()).put("Enabled", true).put("Description", key.description())
                .put("KeyUsage", "ENCRYPT_DECRYPT").put("KeyState", "Enabled").put("Origin", "AWS_KMS")
                .put("KeyManager", "CUSTOMER").put("KeySpec", "SYMMETRIC_DEFAULT").put("CustomerMasterKeySpec", "SYMMETRIC_DEFAULT")
                .putArray("EncryptionAlgorithms").add("SYMMETRIC_DEFAULT");
        return out;
    }

    private static byte[] blob(JsonNode body, String field) {
        try {
            return Base64.getDecoder().decode(text(body, field));
        } catch (IllegalArgumentException e) {
            throw new Failure("SerializationException", "field " + field + " is not base64");
        }
    }

    private static String text(JsonNode body, String field) {
        JsonNode value = body == null ? null : body.get(field);
        if (value == null || value.asText().isBlank()) {
            throw new Failure("ValidationException", "1 validation error detected: Value null at '" + field + "' failed to satisfy constraint: Member must not be null");
        }
        return value.asText();
    }

}
