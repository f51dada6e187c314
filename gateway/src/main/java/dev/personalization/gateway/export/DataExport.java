package dev.personalization.gateway.export;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.personalization.gateway.client.BackendClient;
import dev.personalization.gateway.client.BackendRequest;
import dev.personalization.gateway.client.BackendResponse;
import dev.personalization.gateway.client.BackendTimeoutException;
import dev.personalization.gateway.routing.Backend;
import io.smallrye.mutiny.Uni;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeoutException;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Composes the shopper's export from every service's own export endpoint, called in parallel with the
 * shopper's token and one time limit for all of them. A service that fails, answers anything but a
 * complete export, or does not answer in time makes its part (and the whole document) say
 * {@code complete: false} with the reason: the document never looks complete when it is not.
 */
@ApplicationScoped
public class DataExport {

    /** Each service's export endpoint, in the order the document lists them. */
    static final Map<Backend, String> ENDPOINTS = endpoints();

    private final BackendClient backends;
    private final ObjectMapper json;
    private final Duration timeout;

    public DataExport(BackendClient backends, ObjectMapper json,
            @ConfigProperty(name = "gateway.export.timeout", defaultValue = "5s") Duration timeout) {
        this.backends = backends;
        this.json = json;
        this.timeout = timeout;
    }

    private static Map<Backend, String> endpoints() {
        Map<Backend, String> endpoints = new LinkedHashMap<>();
        endpoints.put(Backend.CONSENT, "/api/consents/me/export");
        endpoints.put(Backend.PROFILE, "/api/profile/me/export");
        endpoints.put(Backend.RECOMMENDATION, "/api/recommendations/me/export");
        return endpoints;
    }

    /**
     * The document for the token's subject ({@code subject} is their raw id: the export is theirs).
     *
     * @param authorization the caller's Authorization header, sent on to each service
     */
    public Uni<ObjectNode> compose(String subject, String authorization, Instant now) {
        List<Backend> services = new ArrayList<>(ENDPOINTS.keySet());
        List<Uni<ObjectNode>> parts = services.stream().map(backend -> part(backend, authorization)).toList();
        return Uni.combine().all().unis(parts).with(answers -> {
            ObjectNode document = json.createObjectNode();
            document.put("subject", subject);
            document.put("generatedAt", now.toString());
            ObjectNode byService = document.putObject("services");
            boolean complete = true;
            for (int i = 0; i < services.size(); i++) {
                ObjectNode part = (ObjectNode) answers.get(i);
                byService.set(services.get(i).serviceName(), part);
                complete &= part.path("complete").asBoolean(false);
            }
            document.put("complete", complete);
            return document;
        });
    }

    private Uni<ObjectNode> part(Backend backend, String authorization) {
        BackendRequest request = new BackendRequest(HttpMethod.GET, ENDPOINTS.get(backend), null, HttpHeaders.headers()
                .add(HttpHeaders.AUTHORIZATION, authorization).add(HttpHeaders.ACCEPT, "application/json"), null);
        // the backend call itself is cut at the export's time limit (and cancelled); the outer limit stays
        // as a guard for what happens around it
        return backends.exchange(backend, request, timeout)
                .ifNoItem().after(timeout.plusMillis(250)).failWith(TimeoutException::new)
                .map(this::fromAnswer)
                .onFailure().recoverWithItem(failure -> incomplete(
                        failure instanceof TimeoutException || failure instanceof BackendTimeoutException
                                ? "the service did not answer in time"
                                : "the service could not be reached"));
    }

    /** A service's answer: its data when it says the export is complete, otherwise why not. */
    private ObjectNode fromAnswer(BackendResponse response) {
        if (response.status() != 200) {
            return incomplete("the service answered " + response.status());
        }
        JsonNode body;
        try {
            body = json.readTree(response.body().getBytes());
        } catch (IOException e) {
            return incomplete("the service's answer is not JSON");
        }
        if (body == null || !body.path("complete").isBoolean() || !body.has("data")) {
            return incomplete("the service's answer is not an export");
        }
        ObjectNode part = json.createObjectNode();
        part.put("complete", body.path("complete").asBoolean());
        if (!body.path("complete").asBoolean()) {
            part.put("error", "the service reports its export incomplete");
        }
        if (body.hasNonNull("generatedAt")) {
            part.set("generatedAt", body.get("generatedAt"));
        }
        part.set("data", body.get("data"));
        return part;
    }

    private ObjectNode incomplete(String reason) {
        ObjectNode part = json.createObjectNode();
        part.put("complete", false);
        part.put("error", reason);
        part.putNull("data");
        return part;
    }
}
