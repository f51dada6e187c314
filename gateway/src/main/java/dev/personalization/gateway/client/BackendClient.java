package dev.personalization.gateway.client;

import dev.personalization.gateway.config.GatewayConfig;
import dev.personalization.gateway.routing.Backend;
import io.smallrye.mutiny.Uni;
import dev.personalization.gateway.resilience.CircuitBreakers;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.http.HttpClientRequest;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import java.net.URI;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;

/**
 * Sends requests to the backends over pooled keep-alive connections, without blocking the event loop,
 * and turns network failures into {@link BackendUnavailableException} and
 * {@link BackendTimeoutException}.
 */
@ApplicationScoped
public class BackendClient {

    private static final String LIVENESS_PATH = "/q/health/live";

    private final Vertx vertx;
    private final HttpClient http;
    private final GatewayConfig config;
    private final CircuitBreakers circuits;

    public BackendClient(Vertx vertx, GatewayConfig config, CircuitBreakers circuits) {
        this.vertx = vertx;
        this.config = config;
        this.circuits = circuits;
        HttpClientOptions options = new HttpClientOptions().setKeepAlive(true).setPipelining(false)
                // the answer goes back as it came; decompressing and compressing again would only cost
                .setDecompressionSupported(false);
        PoolOptions pool = new PoolOptions().setHttp1MaxSize(config.maxConnectionsPerBackend());
        this.http = vertx.createHttpClient(options, pool);
    }

    /**
     * Forwards one request within {@code timeout}, through the backend's circuit breaker; the returned
     * response keeps only the headers in {@code responseHeaders}. A GET or HEAD whose connection was
     * refused or dropped is sent again ({@code gateway.idempotent-retries}); nothing else is repeated.
     */
    public Uni<BackendResponse> exchange(Backend backend, BackendRequest request, Duration timeout,
            Set<String> responseHeaders) {
        boolean idempotent = "GET".equals(request.method()) || "HEAD".equals(request.method());
        int retries = idempotent ? Math.max(0, config.idempotentRetries()) : 0;
        InFlight inFlight = new InFlight();
        // Vert.x futures inside, one Uni outside: each Mutiny stage would capture the request context again
        return Uni.createFrom()
                .completionStage(() -> attempt(backend, request, timeout, responseHeaders, retries, inFlight)
                        .toCompletionStage())
                // the caller went away: the backend need not finish the work
                .onCancellation().invoke(inFlight::cancel);
    }

    private Future<BackendResponse> attempt(Backend backend, BackendRequest request, Duration timeout,
            Set<String> responseHeaders, int retriesLeft, InFlight inFlight) {
        if (!circuits.allow(backend)) {
            return Future.failedFuture(new CircuitOpenException(backend));
        }
        URI base = backend.baseUri(config.backends());
        RequestOptions options = target(base, timeout)
                .setMethod(HttpMethod.valueOf(request.method()))
                .setURI(request.pathAndQuery(basePath(base)));
        request.headers().forEach((name, values) -> values.forEach(value -> options.addHeader(name, value)));
        Buffer body = Buffer.buffer(request.body());
        Promise<BackendResponse> answer = Promise.promise();
        long deadline = vertx.setTimer(timeout.toMillis(), ignored -> {
            if (answer.tryFail(new BackendTimeoutException(backend))) {
                // cancels the backend's work as far as HTTP/1.1 can: the connection is closed, not reused
                inFlight.reset();
            }
        });
        http.request(options)
                .compose(outgoing -> {
                    inFlight.sent(outgoing);
                    if (answer.future().isComplete()) {
                        outgoing.reset();
                    }
                    return body.length() == 0 ? outgoing.send() : outgoing.send(body);
                })
                .compose(response -> response.body()
                        .map(content -> new BackendResponse(response.statusCode(),
                                select(response, responseHeaders), content.getBytes())))
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
                ? attempt(backend, request, timeout, responseHeaders, retriesLeft - 1, inFlight)
                : Future.failedFuture(failure));
    }

    /** The backend request of one exchange now under way, so that a deadline or the caller can reset it. */
    private static final class InFlight {
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

        void cancel() {
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
        URI management = backend.baseUri(config.backendsManagement());
        RequestOptions options = target(management, timeout)
                .setMethod(HttpMethod.GET)
                .setURI(basePath(management) + LIVENESS_PATH);
        return deadline(() -> http.request(options)
                .compose(outgoing -> outgoing.send())
                .compose(response -> response.body().map(ignored -> response.statusCode() == 200)), backend, timeout)
                .onFailure().recoverWithItem(false);
    }

    @PreDestroy
    void close() {
        http.close();
    }

    private static RequestOptions target(URI base, Duration timeout) {
        boolean tls = "https".equalsIgnoreCase(base.getScheme());
        int port = base.getPort() != -1 ? base.getPort() : tls ? 443 : 80;
        return new RequestOptions()
                .setHost(base.getHost())
                .setPort(port)
                .setSsl(tls)
                .setConnectTimeout(timeout.toMillis())
                // frees a connection to a backend that stopped answering; the deadline below answers 504
                .setIdleTimeout(timeout.toMillis());
    }

    private static String basePath(URI base) {
        String path = base.getRawPath();
        if (path == null) {
            return "";
        }
        return path.endsWith("/") ? path.substring(0, path.length() - 1) : path;
    }

    private static Map<String, List<String>> select(HttpClientResponse response, Set<String> names) {
        MultiMap headers = response.headers();
        Map<String, List<String>> selected = new LinkedHashMap<>();
        for (String name : names) {
            List<String> values = headers.getAll(name);
            if (!values.isEmpty()) {
                selected.put(name, values);
            }
        }
        return selected;
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
