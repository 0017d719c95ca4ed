package io.cadencia.local;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpServer;
import io.cadencia.local.SimulatedService.Outage;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The loopback HTTP server behind a simulator: one port kept across outages (a client retrying after
 * {@link Outage#REFUSE_CONNECTIONS} must find the service where it left it), daemon handler threads, and JSON
 * answers to callers that may already have hung up.
 *
 * <p>Composed into each simulator rather than extended: the simulators share no state or routing beyond this, their
 * public surface stays theirs alone, and each keeps its own handler, reply shape and thread-pool size.
 */
public final class SimulatedHttpServer {

    private final String name;
    private final ExecutorService executor;
    private final HttpHandler handler;
    private volatile Outage outage;
    private volatile HttpServer server;
    private int port;

    /**
     * Starts listening on 127.0.0.1 on a free port. The handler may be called before this constructor returns, so
     * build it last in the simulator's constructor.
     *
     * @param name shown in thread names ({@code name-sim-N}) and bind errors
     */
    public SimulatedHttpServer(String name, int threads, HttpHandler handler) {
        this.name = name;
        AtomicInteger threadNumber = new AtomicInteger();
        this.executor = Executors.newFixedThreadPool(threads, r -> {
            Thread t = new Thread(r, name.toLowerCase(Locale.ROOT) + "-sim-" + threadNumber.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        this.handler = exchange -> {
            try (exchange) {
                handler.handle(exchange);
            } catch (IOException clientGone) {
                // The caller timed out and closed the connection; the real service would carry on too.
            }
        };
        bind(0);
    }

    public int port() {
        return port;
    }

    public String baseUrl() {
        return "http://127.0.0.1:" + port;
    }

    /** True while every request should be answered 503. */
    public boolean serviceUnavailable() {
        return outage == Outage.SERVICE_UNAVAILABLE;
    }

    public synchronized void goDown(Outage how) {
        if (how == Outage.REFUSE_CONNECTIONS && outage != Outage.REFUSE_CONNECTIONS) {
            server.stop(0);
        }
        if (how == Outage.SERVICE_UNAVAILABLE && outage == Outage.REFUSE_CONNECTIONS) {
            bind(port);
        }
        outage = how;
    }

    public synchronized void comeBack() {
        if (outage == Outage.REFUSE_CONNECTIONS) {
            bind(port);
        }
        outage = null;
    }

    public synchronized void close() {
        if (outage != Outage.REFUSE_CONNECTIONS) {
            server.stop(0);
        }
        executor.shutdownNow();
        try {
            executor.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Sends {@code body} with the given status; headers the simulator set beforehand (Retry-After…) go along. */
    public static void writeJson(HttpExchange exchange, int status, String contentType, byte[] body) throws IOException {
        exchange.getResponseHeaders().set("Content-Type", contentType);
        exchange.sendResponseHeaders(status, body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }

    /** Real-time wait, for simulated slowness that a caller's HTTP timeout must see. */
    public static void pause(Duration delay) {
        if (delay.isZero()) {
            return;
        }
        try {
            Thread.sleep(delay.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void bind(int requestedPort) {
        try {
            HttpServer created = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), requestedPort), 0);
            created.setExecutor(executor);
            created.createContext("/", handler);
            created.start();
            server = created;
            port = created.getAddress().getPort();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot bind " + name + " simulator on port " + requestedPort, e);
        }
    }
}
