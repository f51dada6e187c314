package dev.personalization.gateway.rest;

import dev.personalization.gateway.routing.Route;
import dev.personalization.gateway.routing.RouteTable;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.interceptor.Interceptor;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.jboss.logging.Logger;

/**
 * One line per request of the public port, category {@value #CATEGORY}: method, the route's TEMPLATE
 * ({@code /api/consents/me/{purpose}}, never the path, which can name a subject), status, latency and
 * request id. Never a token, an address, a query string or a body. Paths outside the route table are
 * logged as {@code /api/*} (unknown API path) or {@code /*} (the page and its assets).
 * <p>
 * The event loop only puts the finished line on a lock-free queue; a writer thread logs what is queued
 * every {@value #FLUSH_MILLIS} ms. Handing each line to the asynchronous log handler woke its thread once
 * per request, which cost about a tenth of the gateway's CPU. At most {@value #MAX_PENDING} lines wait;
 * beyond that a line is counted as dropped and the count is logged, so memory stays bounded if the log
 * cannot keep up. What is queued is written at shutdown.
 */
@ApplicationScoped
public class AccessLog {

    public static final String CATEGORY = "dev.personalization.gateway.access";
    private static final Logger LOG = Logger.getLogger(CATEGORY);
    private static final String ROUTE_KEY = AccessLog.class.getName() + ".route";

    static final long FLUSH_MILLIS = 100;
    static final int MAX_PENDING = 100_000;

    private final RouteTable routes;
    private final ConcurrentLinkedQueue<String> pending = new ConcurrentLinkedQueue<>();
    private final AtomicInteger pendingCount = new AtomicInteger();
    private final AtomicLong dropped = new AtomicLong();
    private ScheduledExecutorService writer;

    public AccessLog(RouteTable routes) {
        this.routes = routes;
    }

    void start(@Observes StartupEvent event) {
        writer = Executors.newSingleThreadScheduledExecutor(task -> {
            Thread thread = new Thread(task, "access-log-writer");
            thread.setDaemon(true);
            return thread;
        });
        writer.scheduleWithFixedDelay(this::flush, FLUSH_MILLIS, FLUSH_MILLIS, TimeUnit.MILLISECONDS);
    }

    void stop(@Observes ShutdownEvent event) {
        if (writer != null) {
            writer.shutdown();
            try {
                writer.awaitTermination(1, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        flush();
    }

    /** Logs every queued line, in the order the requests ended (the writer's task; and once more at shutdown). */
    synchronized void flush() {
        for (String line = pending.poll(); line != null; line = pending.poll()) {
            pendingCount.decrementAndGet();
            LOG.info(line);
        }
        long lost = dropped.getAndSet(0);
        if (lost > 0) {
            LOG.warnf("access log: %d lines dropped, the log could not keep up", lost);
        }
    }

    void enqueue(String line) {
        if (pendingCount.incrementAndGet() > MAX_PENDING) {
            pendingCount.decrementAndGet();
            dropped.incrementAndGet();
            return;
        }
        pending.offer(line);
    }

    void install(@Observes @Priority(Interceptor.Priority.LIBRARY_BEFORE) Router router) {
        router.route().order(Integer.MIN_VALUE).handler(this::observe);
    }

    private void observe(RoutingContext context) {
        if (LOG.isInfoEnabled()) {
            long started = System.nanoTime();
            context.addEndHandler(ignored -> enqueue(line(context, System.nanoTime() - started)));
        }
        context.next();
    }

    // built by hand: String.format costs more than the rest of the line on every request
    private String line(RoutingContext context, long nanos) {
        long hundredths = nanos / 10_000;
        long fraction = hundredths % 100;
        return new StringBuilder(128).append(context.request().method().name()).append(' ')
                .append(template(context)).append(' ')
                .append(context.response().getStatusCode()).append(' ')
                .append(hundredths / 100).append('.').append(fraction < 10 ? "0" : "").append(fraction).append("ms request=")
                .append(RequestIds.of(context)).toString();
    }

    /** Saves the access log a second lookup of the route the proxy found. */
    static void matched(RoutingContext context, Route route) {
        context.put(ROUTE_KEY, route);
    }

    private String template(RoutingContext context) {
        Route matched = context.get(ROUTE_KEY);
        if (matched != null) {
            return matched.template();
        }
        String path = context.normalizedPath();
        if (!path.startsWith("/api/") && !path.equals("/api")) {
            return "/*";
        }
        return routes.find(context.request().method().name(), path).route().map(Route::template).orElse("/api/*");
    }
}
