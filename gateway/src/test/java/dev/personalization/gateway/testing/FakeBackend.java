package dev.personalization.gateway.testing;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;

/**
 * A real HTTP server on a loopback port standing in for one backend service: it records every
 * request it receives and answers with the configured reply, or never answers at all.
 */
public final class FakeBackend {

    /** A request as the backend saw it; header names are lower case. */
    public record Received(String method, String path, String query, Map<String, List<String>> headers,
            byte[] body) {

        public Optional<String> header(String name) {
            List<String> values = headers.get(name.toLowerCase(Locale.ROOT));
            return values == null || values.isEmpty() ? Optional.empty() : Optional.of(values.get(0));
        }

        public String bodyText() {
            return new String(body, StandardCharsets.UTF_8);
        }
    }

    public record Reply(int status, Map<String, String> headers, String body) {
    }

    private final String service;
    private final List<Received> received = new CopyOnWriteArrayList<>();
    private final ExecutorService workers = Executors.newCachedThreadPool(runnable -> {
        Thread thread = new Thread(runnable, "fake-backend");
        thread.setDaemon(true);
        return thread;
    });
    private volatile Reply reply;
    private volatile CountDownLatch hanging;
    private final AtomicInteger dropping = new AtomicInteger();
    private volatile HttpServer server;
    private volatile int port;

    public FakeBackend(String service) {
        this.service = service;
        this.reply = defaultReply();
    }

    public String service() {
        return service;
    }

    public String baseUri() {
        return "http://127.0.0.1:" + port;
    }

    public synchronized void start() {
        try {
            HttpServer started = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 50);
            started.createContext("/", this::handle);
            started.setExecutor(workers);
            started.start();
            port = started.getAddress().getPort();
            server = started;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Closes the port; {@link #start()} opens the same port again. */
    public synchronized void stop() {
        release();
        if (server != null) {
            server.stop(0);
            server = null;
        }
    }

    /** Forgets what was received and answers 200 with a JSON body naming this service again. */
    public void reset() {
        release();
        received.clear();
        dropping.set(0);
        reply = defaultReply();
    }

    public void answer(int status, Map<String, String> headers, String body) {
        reply = new Reply(status, headers, body);
    }

    /** Closes the connection of the next {@code requests} requests without answering them. */
    public void dropNext(int requests) {
        dropping.set(requests);
    }

    /** From now on, accept requests and never answer them (until {@link #reset()}). */
    public void hang() {
        hanging = new CountDownLatch(1);
    }

    public List<Received> received() {
        return List.copyOf(received);
    }

    public Received onlyRequest() {
        List<Received> all = received();
        if (all.size() != 1) {
            throw new AssertionError(service + " received " + all.size() + " requests, expected exactly one");
        }
        return all.get(0);
    }

    private Reply defaultReply() {
        return new Reply(200, Map.of("Content-Type", "application/json"), "{\"service\":\"" + service + "\"}");
    }

    private void release() {
        CountDownLatch latch = hanging;
        hanging = null;
        if (latch != null) {
            latch.countDown();
        }
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            byte[] body;
            try (InputStream in = exchange.getRequestBody()) {
                body = in.readAllBytes();
            }
            Map<String, List<String>> headers = exchange.getRequestHeaders().entrySet().stream()
                    .collect(Collectors.toMap(entry -> entry.getKey().toLowerCase(Locale.ROOT),
                            entry -> List.copyOf(entry.getValue()), (a, b) -> a));
            received.add(new Received(exchange.getRequestMethod(), exchange.getRequestURI().getRawPath(),
                    exchange.getRequestURI().getRawQuery(), headers, body));
            if (dropping.getAndUpdate(left -> Math.max(0, left - 1)) > 0) {
                // closing the exchange before any answer closes the connection
                return;
            }
            CountDownLatch latch = hanging;
            if (latch != null) {
                awaitQuietly(latch);
                return;
            }
            Reply current = reply;
            current.headers().forEach((name, value) -> exchange.getResponseHeaders().add(name, value));
            byte[] content = current.body() == null ? new byte[0] : current.body().getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(current.status(), content.length == 0 ? -1 : content.length);
            if (content.length > 0) {
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(content);
                }
            }
        }
    }

    private static void awaitQuietly(CountDownLatch latch) {
        try {
            latch.await(60, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
