package dev.personalization.gateway.rest;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.personalization.gateway.config.GatewayConfig;
import dev.personalization.kit.problem.Problem;
import dev.personalization.kit.problem.ProblemType;
import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.Map;

/**
 * Request headers over {@code gateway.max-header-size} get 431 problem+json before anything reads them
 * (a token included). Vert.x' own limit, {@code quarkus.http.limits.max-header-size}, is set well above
 * it: only what is larger still gets Vert.x' bare 431.
 */
@ApplicationScoped
public class HeaderLimit {

    // name, ": " and CRLF of each header line
    private static final int LINE_OVERHEAD = 4;

    private final long limit;
    private final byte[] problem;

    public HeaderLimit(GatewayConfig config, ObjectMapper json) throws JsonProcessingException {
        this.limit = config.maxHeaderSize().asLongValue();
        this.problem = json.writeValueAsBytes(Problem.of(ProblemType.HEADERS_TOO_LARGE,
                "the request headers are larger than " + limit / 1024 + " KiB"));
    }

    void install(@Observes Router router) {
        router.route().order(Integer.MIN_VALUE).handler(this::check);
    }

    private void check(RoutingContext context) {
        if (size(context.request().headers()) <= limit) {
            context.next();
            return;
        }
        context.response()
                .setStatusCode(ProblemType.HEADERS_TOO_LARGE.status())
                .putHeader(HttpHeaders.CONTENT_TYPE, Problem.MEDIA_TYPE)
                .putHeader(HttpHeaders.CONNECTION, "close")
                .end(Buffer.buffer(problem));
    }

    static long size(MultiMap headers) {
        long total = 0;
        for (Map.Entry<String, String> header : headers) {
            total += header.getKey().length() + header.getValue().length() + LINE_OVERHEAD;
        }
        return total;
    }
}
