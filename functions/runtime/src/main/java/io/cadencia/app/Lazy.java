package io.cadencia.app;

import java.util.Objects;
import java.util.function.Supplier;

/** A value built on first use, once, whichever thread asks first: what a container may never need is never built. */
final class Lazy<T> implements Supplier<T> {

    private final Supplier<T> build;
    private volatile T value;

    Lazy(Supplier<T> build) {
        this.build = Objects.requireNonNull(build, "build");
    }

    @Override
    public T get() {
        T built = value;
        if (built == null) {
            synchronized (this) {
                built = value;
                if (built == null) {
                    built = Objects.requireNonNull(build.get(), "built value");
                    value = built;
                }
            }
        }
        return built;
    }
}
