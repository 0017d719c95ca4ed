package io.cadencia.local.cost;

import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.core.Appender;
import org.apache.logging.log4j.core.LogEvent;
import org.apache.logging.log4j.core.LoggerContext;
import org.apache.logging.log4j.core.appender.AbstractAppender;
import org.apache.logging.log4j.core.config.Configuration;
import org.apache.logging.log4j.core.config.LoggerConfig;
import org.apache.logging.log4j.core.config.Property;
import org.apache.logging.log4j.layout.template.json.JsonTemplateLayout;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * Counts, per function, the bytes of the JSON log lines the functions would write in Lambda: the runtime's layout
 * ({@code LambdaJsonLayout.json}) at the template's LogLevel, without printing them. Only Cadência's loggers are
 * counted: other libraries log little at Lambda's WARN, and here the embedded engines' own lines would mix in. A line belongs to the function whose invocation wrote it (Powertools puts
 * {@code function_name} in the thread context; worker groups carry it to their threads). The local runner's own
 * console output is left as it was; {@link #close} restores the configuration.
 */
public final class LogBytes implements AutoCloseable {

    /** Lines written outside any invocation (seeding, the runner). */
    public static final String OUTSIDE = "(outside an invocation)";
    private static final String CADENCIA = "io.cadencia";

    private final Map<String, LongAdder> bytes = new ConcurrentHashMap<>();
    private final LoggerContext context;
    private final Configuration configuration;
    private final LoggerConfig previous;
    private final Appender appender;
    private volatile boolean counting = true;

    public LogBytes(Level cadenciaLevel) {
        context = (LoggerContext) LogManager.getContext(false);
        configuration = context.getConfiguration();
        JsonTemplateLayout layout = JsonTemplateLayout.newBuilder().setConfiguration(configuration)
                .setEventTemplateUri("classpath:LambdaJsonLayout.json").build();
        appender = new AbstractAppender("cost-log-bytes", null, layout, true, Property.EMPTY_ARRAY) {
            @Override
            public void append(LogEvent event) {
                if (counting) {
                    String function = event.getContextData().getValue("function_name");
                    bytes.computeIfAbsent(function == null ? OUTSIDE : function, f -> new LongAdder())
                            .add(layout.toByteArray(event).length);
                }
            }
        };
        appender.start();
        configuration.addAppender(appender);
        previous = configuration.getLoggers().get(CADENCIA);
        LoggerConfig root = configuration.getRootLogger();
        LoggerConfig cadencia = new LoggerConfig(CADENCIA, cadenciaLevel, false);
        cadencia.addAppender(appender, null, null);
        // The console keeps showing only what it showed before.
        Level consoleLevel = previous == null ? root.getLevel() : previous.getLevel();
        root.getAppenders().values().forEach(console -> cadencia.addAppender(console, consoleLevel, null));
        configuration.removeLogger(CADENCIA);
        configuration.addLogger(CADENCIA, cadencia);
        context.updateLoggers();
    }

    /** Bytes per function name, newline included. */
    public Map<String, Long> byFunction() {
        Map<String, Long> out = new TreeMap<>();
        bytes.forEach((function, adder) -> out.put(function, adder.sum()));
        return out;
    }

    public void stop() {
        counting = false;
    }

    @Override
    public void close() {
        counting = false;
        configuration.removeLogger(CADENCIA);
        if (previous != null) {
            configuration.addLogger(CADENCIA, previous);
        }
        configuration.getAppenders().remove(appender.getName());
        appender.stop();
        context.updateLoggers();
    }
}
