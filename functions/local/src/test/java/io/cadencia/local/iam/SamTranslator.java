package io.cadencia.local.iam;

import com.fasterxml.jackson.databind.JsonNode;
import io.cadencia.aws.Json;
import io.cadencia.catalogue.TemplateCatalogue;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * The packaged template.yaml and the AWS SAM translator's output for it ({@code infrastructure/checks/sam_transform.py},
 * the Python package every machine here has), computed once per test JVM.
 */
public final class SamTranslator {

    private SamTranslator() {
    }

    private static final class Once {
        static final Path TEMPLATE = packagedTemplate();
        static final JsonNode TRANSFORMED = transform();
    }

    /** template.yaml as the build packaged it, in a file the Python tools can read. */
    public static Path template() {
        return Once.TEMPLATE;
    }

    /** The translator's output: what CloudFormation receives from {@code sam deploy}. */
    public static JsonNode transformed() {
        return Once.TRANSFORMED;
    }

    /** A script of infrastructure/checks; tests run in functions/local. */
    public static Path script(String name) {
        Path path = Path.of("../../infrastructure/checks", name).toAbsolutePath().normalize();
        if (!Files.exists(path)) {
            throw new IllegalStateException("infrastructure/checks/" + name + " is missing (looked at " + path + ")");
        }
        return path;
    }

    /** Runs a command and returns its standard output; fails with that output when it exits non-zero. */
    public static String run(String... command) {
        try {
            Process process = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.DISCARD).start();
            byte[] out = process.getInputStream().readAllBytes();
            if (!process.waitFor(120, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IllegalStateException(String.join(" ", command) + " did not finish in 120 s");
            }
            String text = new String(out, StandardCharsets.UTF_8);
            if (process.exitValue() != 0) {
                throw new AssertionError(String.join(" ", command) + " exited " + process.exitValue() + "; output:\n" + text);
            }
            return text;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot run " + String.join(" ", command) + " (python3 and cfn-lint are on every machine here)", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static Path packagedTemplate() {
        try (InputStream in = SamTranslator.class.getClassLoader().getResourceAsStream(TemplateCatalogue.RESOURCE)) {
            Path file = Files.createTempFile("template", ".yaml");
            file.toFile().deleteOnExit();
            Files.write(file, in.readAllBytes());
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static JsonNode transform() {
        try {
            return Json.MAPPER.readTree(run("python3", script("sam_transform.py").toString(), template().toString()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
