package dev.personalization.gateway.resilience;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.personalization.gateway.client.BackendResponse;
import dev.personalization.gateway.routing.Route;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * The last non-personalized answer of {@code GET /api/recommendations/me} this replica saw, served
 * when recommendation-service is down, unreachable or too slow, marked {@code "stale": true} in the
 * body and with {@value #STALE_HEADER}. Only a non-personalized list is kept: it holds nothing of one
 * shopper and is the same for everyone, so it may be shown to anyone. A personalized answer is never
 * kept, and never served to another shopper.
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
        if (response.status() != 200 || now.isBefore(keptAt.plus(REFRESH)) || !holds(response.body(), NOT_PERSONALIZED)) {
            return;
        }
        try {
            JsonNode body = json.readTree(response.body());
            if (!(body instanceof ObjectNode object) || !body.path("personalized").isBoolean()
                    || body.path("personalized").booleanValue()) {
                return;
            }
            object.put("stale", true);
            last = new BackendResponse(200, Map.of("Content-Type", List.of("application/json"),
                    STALE_HEADER, List.of("true")), json.writeValueAsBytes(object));
            keptAt = now;
        } catch (IOException e) {
            // not the JSON it should be: keep the previous copy
        }
    }

    /** The kept list in place of a failed call, or the failure when there is none yet. */
    public Uni<BackendResponse> insteadOf(Throwable failure) {
        BackendResponse kept = last;
        return kept == null ? Uni.createFrom().failure(failure) : Uni.createFrom().item(kept);
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
