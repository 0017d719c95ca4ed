package io.cadencia.app;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The composition root depends on the features and the Lambda handlers depend on the root, never the other way:
 * a feature class that reached for the root would take the whole app instead of what it uses, and close a package
 * cycle between {@code app} and the features.
 */
class DependencyDirectionTest {

    private static final Path MAIN = Path.of("src/main/java/io/cadencia");

    @Test
    void onlyTheRootAndTheHandlersKnowTheRoot() throws IOException {
        assertThat(Files.isDirectory(MAIN)).as("run from the runtime module").isTrue();
        List<String> offenders;
        try (Stream<Path> files = Files.walk(MAIN)) {
            offenders = files.filter(f -> f.toString().endsWith(".java"))
                    .filter(f -> !f.startsWith(MAIN.resolve("app")) && !f.startsWith(MAIN.resolve("lambda")))
                    .filter(DependencyDirectionTest::importsTheRoot)
                    .map(f -> MAIN.relativize(f).toString())
                    .toList();
        }
        assertThat(offenders).as("feature classes importing io.cadencia.app").isEmpty();
    }

    @Test
    void theRootKnowsNoHandler() throws IOException {
        try (Stream<Path> files = Files.walk(MAIN.resolve("app"))) {
            assertThat(files.filter(f -> f.toString().endsWith(".java")).filter(f -> read(f).contains("import io.cadencia.lambda.")))
                    .isEmpty();
        }
    }

    private static boolean importsTheRoot(Path file) {
        return read(file).contains("import io.cadencia.app.");
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new IllegalStateException(file.toString(), e);
        }
    }
}
