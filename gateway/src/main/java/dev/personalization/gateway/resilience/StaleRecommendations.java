package dev.personalization.gateway.resilience;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.personalization.gateway.client.BackendResponse;
import dev.personalization.gateway.client.BackendTimeoutException;
import dev.personalization.gateway.client.BackendUnavailableException;
import dev.personalization.gateway.routing.Route;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * The last non-personalized answer of {@code GET /api/recommendations/me} this replica saw, served
 * when recommendation-service is down, unreachable or too slow, or answers 503, marked
 * {@code "stale": true} in the body and with {@value #STALE_HEADER}. Only a non-personalized list is
 * kept: it holds nothing of one shopper and is the same for everyone, so it may be shown to anyone. A
 * personalized answer is never kept, and never served to another shopper.
 */
@ApplicationScoped
public class StaleRecommendations {

    public static final String TEMPLATE = "/api/recommendations/me";
    public static final String STALE_HEADER = "X-Recommendations-Stale";
    private static final byte[] NOT_PERSONALIZED = "\"personalized\":false".getBytes(StandardCharsets.UTF_8);
    // parsing every answer would cost the hot path; one fresh copy per interval is enough
    private static final Duration REFRESH = Duration.ofSeconds(1);

    private final ObjectMapper json;
    private final Clock clock;
    private volatile BackendResponse last;
    private volatile Instant keptAt = Instant.MIN;

    public StaleRecommendations(ObjectMapper json, Clock clock) {
        this.json = json;
        this.clock = clock;
    }

    public boolean covers(Route route) {
        return TEMPLATE.equals(route.template());
    }

    /** Keeps a successful non-personalized answer (at most one per second). */
    public void remember(BackendResponse response) {
        Instant now = clock.instant();
        if (response.status() != 200 || now.isBefore(keptAt.plus(REFRESH))) {
            return;
        }
        byte[] content = response.body().getBytes();
        if (!holds(content, NOT_PERSONALIZED)) {
            return;
        }
        try {
            JsonNode body = json.readTree(content);
            if (!(body instanceof ObjectNode object) || !body.path("personalized").isBoolean()
                    || body.path("personalized").booleanValue()) {
                return;
            }
            object.put("stale", true);
            last = new BackendResponse(200, HttpHeaders.headers().add(HttpHeaders.CONTENT_TYPE, "application/json"),
                    Buffer.buffer(json.writeValueAsBytes(object)));
            keptAt = now;
        } catch (IOException e) {
            // not the JSON it should be: keep the previous copy
        }
    }

    /** Whether a failed call may be answered with the kept list: the backend was down, unreachable or too slow. */
    public static boolean replaces(Throwable failure) {
        return failure instanceof BackendUnavailableException || failure instanceof BackendTimeoutException;
    }

    /**
     * Whether the kept list stands in for this answer: 503, recommendation-service saying it cannot answer
     * now (its consent view catching up after a lost broker, say). Any other answer goes to the caller as is.
     */
    public static boolean replaces(BackendResponse answer) {
        return answer.status() == 503;
    }

    /** The kept list (its body marked stale; the caller adds {@value #STALE_HEADER}), or null when there is none yet. */
    public BackendResponse kept() {
        return last;
    }

    private static boolean holds(byte[] body, byte[] part) {
        outer:
        for (int i = 0; i <= body.length - part.length; i++) {
            for (int j = 0; j < part.length; j++) {
                if (body[i + j] != part[j]) {
                    continue outer;
                }
            }
            return true;
        }
        return false;
    }
}
