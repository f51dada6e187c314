package dev.personalization.gateway.client;

import dev.personalization.gateway.config.GatewayConfig;
import dev.personalization.gateway.routing.Backend;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Future;
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

    private final HttpClient http;
    private final GatewayConfig config;

    public BackendClient(Vertx vertx, GatewayConfig config) {
        this.config = config;
        HttpClientOptions options = new HttpClientOptions().setKeepAlive(true);
        PoolOptions pool = new PoolOptions().setHttp1MaxSize(config.maxConnectionsPerBackend());
        this.http = vertx.createHttpClient(options, pool);
    }

    /** Forwards one request; the returned response keeps only the headers in {@code responseHeaders}. */
    public Uni<BackendResponse> exchange(Backend backend, BackendRequest request, Set<String> responseHeaders) {
        Duration timeout = config.backendTimeout();
        URI base = backend.baseUri(config.backends());
        RequestOptions options = target(base, timeout)
                .setMethod(HttpMethod.valueOf(request.method()))
                .setURI(request.pathAndQuery(basePath(base)));
        request.headers().forEach((name, values) -> values.forEach(value -> options.addHeader(name, value)));
        Buffer body = Buffer.buffer(request.body());
        return deadline(() -> http.request(options)
                .compose(outgoing -> body.length() == 0 ? outgoing.send() : outgoing.send(body))
                .compose(response -> response.body()
                        .map(content -> new BackendResponse(response.statusCode(),
                                select(response, responseHeaders), content.getBytes()))), backend, timeout);
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
        if (failure instanceof TimeoutException) {
            return new BackendTimeoutException(backend);
        }
        // refused, unreachable, reset or closed mid-answer: the caller can only try again later
        return new BackendUnavailableException(backend);
    }
}
