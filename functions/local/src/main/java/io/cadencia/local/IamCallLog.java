package io.cadencia.local;

import io.cadencia.aws.AwsCallRecorder;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The IAM authorizations every function's AWS calls needed, written while the tests run (system property
 * {@code cadencia.iamCallLog}, a directory; Maven's surefire sets it), one line {@code function TAB action TAB resource}
 * per distinct authorization, one file per JVM. The least-privilege check compares them with the template's roles.
 */
public final class IamCallLog {

    /** The system property naming the directory; unset, nothing is recorded. */
    public static final String PROPERTY = "cadencia.iamCallLog";

    private static final Set<String> written = ConcurrentHashMap.newKeySet();

    private IamCallLog() {
    }

    /** What a stack started without explicit metering measures: the IAM log when the property is set, else nothing. */
    static Metering defaultMetering() {
        String directory = System.getProperty(PROPERTY);
        if (directory == null || directory.isBlank()) {
            return Metering.NONE;
        }
        Path file = Path.of(directory).resolve("iam-calls-" + ProcessHandle.current().pid() + ".tsv");
        IamRequests iam = new IamRequests(EmbeddedAws.REGION.id(), LocalDeployment.ACCOUNT);
        AwsCallRecorder recorder = new AwsCallRecorder();
        recorder.onCall(call -> iam.of(call.service(), call.operation(), call.request()).forEach(a ->
                append(file, call.label() + "\t" + a.action() + "\t" + a.resource())));
        return Metering.recording(recorder);
    }

    private static void append(Path file, String line) {
        if (!written.add(file + "\n" + line)) {
            return;
        }
        try {
            Files.createDirectories(file.getParent());
            synchronized (IamCallLog.class) {
                Files.writeString(file, line + "\n", StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot append to the IAM call log " + file, e);
        }
    }
}
