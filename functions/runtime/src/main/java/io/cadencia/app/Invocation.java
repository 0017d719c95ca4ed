package io.cadencia.app;

import com.amazonaws.services.lambda.runtime.Context;
import software.amazon.lambda.powertools.logging.PowertoolsLogging;

import java.util.function.Supplier;

/** Wraps a handler body: Powertools logging context when running in Lambda, and a metrics flush at the end. */
public final class Invocation {

    private Invocation() {
    }

    public static <T> T run(Cadencia app, Context context, Supplier<T> body) {
        try {
            return context == null ? body.get() : PowertoolsLogging.withLogging(context, body);
        } finally {
            app.metrics().flush();
        }
    }
}
