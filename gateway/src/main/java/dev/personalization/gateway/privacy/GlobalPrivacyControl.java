package dev.personalization.gateway.privacy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.personalization.gateway.client.BackendClient;
import dev.personalization.gateway.client.BackendRequest;
import dev.personalization.gateway.client.BackendResponse;
import dev.personalization.gateway.config.GatewayConfig;
import dev.personalization.gateway.routing.Backend;
import io.smallrye.mutiny.Uni;
import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.jboss.logging.Logger;

/**
 * Honours a shopper's Global Privacy Control signal ({@code Sec-GPC: 1}): every purpose the shopper has
 * not decided on (state {@code none}) or whose grant lapsed ({@code expired}) is recorded as denied in
 * consent-service, with channel {@code gpc}, through the shopper's own token. A purpose the shopper
 * granted explicitly stays granted (the signal is a default, not an override), and one already denied or
 * withdrawn is a refusal already. So the signal is recorded once: after it, nothing is left to deny,
 * and this replica does not even look again for {@code gateway.gpc-remember}. The idempotency key (purpose,
 * notice version and the standing replaced) makes two replicas recording it at once one ledger entry.
 */
@ApplicationScoped
public class GlobalPrivacyControl {

    public static final String REQUEST_HEADER = "Sec-GPC";
    /** Says on the answer that the signal is recorded (now or before). */
    public static final String RESPONSE_HEADER = "X-Privacy-GPC";
    public static final String APPLIED = "applied";
    private static final Logger LOG = Logger.getLogger(GlobalPrivacyControl.class);
    private static final Set<String> UNDECIDED = Set.of("none", "expired");
    private static final String CONSENTS = "/api/consents/me";
    private static final byte[] DENIAL = "{\"granted\":false,\"channel\":\"gpc\"}".getBytes(StandardCharsets.UTF_8);

    private final BackendClient backends;
    private final GatewayConfig config;
    private final ObjectMapper json;
    private final Cache<String, Uni<Boolean>> honoured;

    public GlobalPrivacyControl(BackendClient backends, GatewayConfig config, ObjectMapper json) {
        this.backends = backends;
        this.config = config;
        this.json = json;
        this.honoured = Caffeine.newBuilder().maximumSize(100_000).expireAfterWrite(config.gpcRemember()).build();
    }

    public static boolean signalled(HttpServerRequest request) {
        String value = request.getHeader(REQUEST_HEADER);
        return value != null && "1".equals(value.trim());
    }

    /**
     * Records the signal for the token's subject; true once it is recorded. A failure (consent-service
     * down) is not remembered, and the request goes on without the answer header.
     */
    public Uni<Boolean> honour(String subject, String authorization, String requestId) {
        // in memory only, like the rate limiter's buckets; the log line names the request, not the subject
        Uni<Boolean> recording = honoured.get(subject, ignored -> record(authorization, requestId)
                .onFailure().invoke(failure -> {
                    honoured.invalidate(subject);
                    LOG.warnf("Global Privacy Control not recorded (request %s): consent-service did not take it",
                            requestId);
                })
                .memoize().indefinitely());
        return recording.onFailure().recoverWithItem(false);
    }

    private Uni<Boolean> record(String authorization, String requestId) {
        return call("GET", CONSENTS, authorization, requestId, null, null).map(this::undecided)
                .flatMap(purposes -> {
                    if (purposes.isEmpty()) {
                        return Uni.createFrom().item(true);
                    }
                    List<Uni<BackendResponse>> denials = new ArrayList<>();
                    for (Undecided purpose : purposes) {
                        denials.add(call("PUT", CONSENTS + "/" + purpose.name(), authorization, requestId,
                                purpose.idempotencyKey(), DENIAL));
                    }
                    return Uni.join().all(denials).andFailFast().map(ignored -> true);
                });
    }

    private Uni<BackendResponse> call(String method, String path, String authorization, String requestId,
            String idempotencyKey, byte[] body) {
        MultiMap headers = HttpHeaders.headers()
                .add(HttpHeaders.AUTHORIZATION, authorization)
                .add(HttpHeaders.ACCEPT, "application/json")
                .add("X-Request-Id", requestId);
        if (body != null) {
            headers.add(HttpHeaders.CONTENT_TYPE, "application/json").add("Idempotency-Key", idempotencyKey);
        }
        BackendRequest request = new BackendRequest(HttpMethod.valueOf(method), path, null, headers,
                body == null ? null : Buffer.buffer(body));
        return backends.exchange(Backend.CONSENT, request, config.backendTimeout())
                .invoke(response -> {
                    if (response.status() / 100 != 2) {
                        throw new IllegalStateException("consent-service answered " + response.status());
                    }
                });
    }

    private List<Undecided> undecided(BackendResponse response) {
        try {
            List<Undecided> found = new ArrayList<>();
            for (JsonNode consent : json.readTree(response.body().getBytes()).path("consents")) {
                if (UNDECIDED.contains(consent.path("state").asText())) {
                    found.add(new Undecided(consent.path("purpose").asText(), consent.path("currentPurposeVersion").asLong(),
                            consent.path("consentVersion").asLong(0)));
                }
            }
            return found;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A purpose to deny; the key names the standing it replaces, so a later lapse is denied anew. */
    private record Undecided(String name, long purposeVersion, long consentVersion) {

        String idempotencyKey() {
            return "gpc-" + name + "-v" + purposeVersion + "-c" + consentVersion;
        }
    }
}
