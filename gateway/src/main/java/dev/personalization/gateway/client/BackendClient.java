package dev.personalization.gateway.client;

import dev.personalization.gateway.config.GatewayConfig;
import dev.personalization.gateway.resilience.CircuitBreakers;
import dev.personalization.gateway.routing.Backend;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpClientRequest;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpVersion;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import java.net.URI;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;

/**
 * Sends requests to the backends over pooled keep-alive HTTP/1.1 connections, without blocking the
 * event loop, and turns network failures into {@link BackendUnavailableException} and
 * {@link BackendTimeoutException}. Bodies travel as Vert.x buffers, never copied on the way.
 *
 * <p>Each event loop has its own pool: a request and its backend connection then live on the same
 * thread, and the answer needs no hop to another event loop (with one pool, a connection opened by
 * one loop served requests of the other, each answer a task handed across threads).
 */
@ApplicationScoped
public class BackendClient {

    private static final String LIVENESS_PATH = "/q/health/live";

    private final Vertx vertx;
    private final HttpClientOptions clientOptions;
    private final PoolOptions poolOptions;
    /** For calls from outside the event loops (the readiness check may come from a worker). */
    private final HttpClient shared;
    private final ThreadLocal<HttpClient> eventLoopClient = new ThreadLocal<>();
    private final Queue<HttpClient> clients = new ConcurrentLinkedQueue<>();
    private final GatewayConfig config;
    private final CircuitBreakers circuits;
    // resolved once: the URI parsing and the config lookups would otherwise run on every request
    private final Map<Backend, Target> targets = new EnumMap<>(Backend.class);

    public BackendClient(Vertx vertx, GatewayConfig config, CircuitBreakers circuits) {
        this.vertx = vertx;
        this.config = config;
        this.circuits = circuits;
        this.clientOptions = new HttpClientOptions()
                .setProtocolVersion(HttpVersion.HTTP_1_1)
                .setKeepAlive(true)
                .setPipelining(false)
                // the answer goes back as it came; decompressing and compressing again would only cost
                .setDecompressionSupported(false);
        this.poolOptions = new PoolOptions().setHttp1MaxSize(config.maxConnectionsPerBackend());
        this.shared = vertx.createHttpClient(clientOptions, poolOptions);
        clients.add(shared);
        for (Backend backend : Backend.values()) {
            targets.put(backend, Target.of(backend.baseUri(config.backends())));
        }
    }

    /**
     * One exchange as a Uni, for the gateway's own calls (Global Privacy Control, the data export):
     * cancelling the Uni resets the backend request.
     */
    public Uni<BackendResponse> exchange(Backend backend, BackendRequest request, Duration timeout) {
        InFlight inFlight = new InFlight();
        return Uni.createFrom().completionStage(() -> send(backend, request, timeout, inFlight).toCompletionStage())
                .onCancellation().invoke(inFlight::cancel);
    }

    /**
     * Forwards one request within {@code timeout}, through the backend's circuit breaker. A GET or HEAD
     * whose connection was refused or dropped is sent again ({@code gateway.idempotent-retries});
     * nothing else is repeated. {@code inFlight} lets the caller cancel it.
     */
    public Future<BackendResponse> send(Backend backend, BackendRequest request, Duration timeout, InFlight inFlight) {
        Target target = targets.get(backend);
        RequestOptions options = target.options(timeout)
                .setMethod(request.method())
                .setURI(request.pathAndQuery(target.basePath()))
                .setHeaders(request.headers());
        int retries = request.idempotent() ? Math.max(0, config.idempotentRetries()) : 0;
        return attempt(backend, options, request, timeout, retries, inFlight);
    }

    private Future<BackendResponse> attempt(Backend backend, RequestOptions options, BackendRequest request,
            Duration timeout, int retriesLeft, InFlight inFlight) {
        if (!circuits.allow(backend)) {
            return Future.failedFuture(new CircuitOpenException(backend));
        }
        Promise<BackendResponse> answer = Promise.promise();
        long deadline = vertx.setTimer(timeout.toMillis(), ignored -> {
            if (answer.tryFail(new BackendTimeoutException(backend))) {
                // cancels the backend's work as far as HTTP/1.1 can: the connection is closed, not reused
                inFlight.reset();
            }
        });
        http().request(options)
                .compose(outgoing -> {
                    inFlight.sent(outgoing);
                    if (answer.future().isComplete()) {
                        outgoing.reset();
                    }
                    return request.body() == null || request.body().length() == 0
                            ? outgoing.send() : outgoing.send(request.body());
                })
                .compose(response -> response.body()
                        .map(content -> new BackendResponse(response.statusCode(), response.headers(), content)))
                .onComplete(result -> {
                    vertx.cancelTimer(deadline);
                    if (result.succeeded()) {
                        answer.tryComplete(result.result());
                    } else {
                        answer.tryFail(classify(result.cause(), backend));
                    }
                });
        Future<BackendResponse> outcome = answer.future().andThen(result -> {
            if (result.succeeded() && result.result().status() < 500) {
                circuits.succeeded(backend);
            } else if (!inFlight.cancelled()) {
                circuits.failed(backend);
            }
        });
        if (retriesLeft == 0) {
            return outcome;
        }
        // only a refused or dropped connection: after a timeout the backend may still be working on it
        return outcome.recover(failure -> failure.getClass() == BackendUnavailableException.class && !inFlight.cancelled()
                ? attempt(backend, options, request, timeout, retriesLeft - 1, inFlight)
                : Future.failedFuture(failure));
    }

    /** The backend request of one exchange now under way, so that a deadline or the caller can reset it. */
    public static final class InFlight {
        private volatile HttpClientRequest current;
        private volatile boolean cancelled;

        void sent(HttpClientRequest request) {
            current = request;
            if (cancelled) {
                request.reset();
            }
        }

        void reset() {
            HttpClientRequest request = current;
            if (request != null) {
                request.reset();
            }
        }

        /** The caller went away: the backend need not finish the work, and its failure is no backend's fault. */
        public void cancel() {
            cancelled = true;
            reset();
        }

        boolean cancelled() {
            return cancelled;
        }
    }

    /**
     * Whether the backend answers its liveness endpoint with 200 within the health-check timeout. The
     * endpoint is on the backend's management interface, not on the port the gateway forwards to.
     */
    public Uni<Boolean> isLive(Backend backend) {
        Duration timeout = config.healthCheckTimeout();
        Target management = Target.of(backend.baseUri(config.backendsManagement()));
        RequestOptions options = management.options(timeout)
                .setMethod(HttpMethod.GET)
                .setURI(management.basePath() + LIVENESS_PATH);
        return deadline(() -> http().request(options)
                .compose(outgoing -> outgoing.send())
                .compose(response -> response.body().map(ignored -> response.statusCode() == 200)), backend, timeout)
                .onFailure().recoverWithItem(false);
    }

    /** This event loop's client, made on first use; the shared one elsewhere. */
    private HttpClient http() {
        if (!Context.isOnEventLoopThread()) {
            return shared;
        }
        HttpClient client = eventLoopClient.get();
        if (client == null) {
            client = vertx.createHttpClient(clientOptions, poolOptions);
            eventLoopClient.set(client);
            clients.add(client);
        }
        return client;
    }

    @PreDestroy
    void close() {
        clients.forEach(HttpClient::close);
    }

    /** Where a backend listens, from its base URL. */
    private record Target(String host, int port, boolean tls, String basePath) {

        static Target of(URI base) {
            boolean tls = "https".equalsIgnoreCase(base.getScheme());
            int port = base.getPort() != -1 ? base.getPort() : tls ? 443 : 80;
            String path = base.getRawPath() == null ? "" : base.getRawPath();
            return new Target(base.getHost(), port, tls, path.endsWith("/") ? path.substring(0, path.length() - 1) : path);
        }

        RequestOptions options(Duration timeout) {
            return new RequestOptions()
                    .setHost(host)
                    .setPort(port)
                    .setSsl(tls)
                    .setConnectTimeout(timeout.toMillis())
                    // frees a connection to a backend that stopped answering; the deadline answers 504
                    .setIdleTimeout(timeout.toMillis());
        }
    }

    private static <T> Uni<T> deadline(Supplier<Future<T>> exchange, Backend backend, Duration timeout) {
        return Uni.createFrom().completionStage(() -> exchange.get().toCompletionStage())
                .ifNoItem().after(timeout).failWith(() -> new BackendTimeoutException(backend))
                .onFailure(failure -> !(failure instanceof BackendTimeoutException))
                .transform(failure -> classify(failure, backend));
    }

    private static RuntimeException classify(Throwable failure, Backend backend) {
        if (failure instanceof BackendTimeoutException timeout) {
            return timeout;
        }
        if (failure instanceof TimeoutException) {
            return new BackendTimeoutException(backend);
        }
        // refused, unreachable, reset or closed mid-answer: the caller can only try again later
        return new BackendUnavailableException(backend);
    }
}
