package dev.personalization.consent.rest;

import dev.personalization.consent.config.ConsentConfig;
import dev.personalization.consent.mapping.ConsentMapper;
import dev.personalization.consent.rest.ApiModels.ConsentsResponse;
import dev.personalization.consent.rest.ApiModels.DecisionRequest;
import dev.personalization.consent.rest.ApiModels.DecisionResponse;
import dev.personalization.consent.rest.ApiModels.ExportResponse;
import dev.personalization.consent.rest.ApiModels.HistoryResponse;
import dev.personalization.consent.rest.ApiModels.ReceiptVerificationRequest;
import dev.personalization.consent.rest.ApiModels.ReceiptVerificationResponse;
import dev.personalization.consent.service.ConsentService;
import dev.personalization.consent.service.ReceiptService;
import dev.personalization.consent.service.ReceiptStanding;
import dev.personalization.kit.problem.ProblemException;
import dev.personalization.kit.security.Subjects;
import io.quarkus.security.Authenticated;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.UriInfo;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.eclipse.microprofile.jwt.JsonWebToken;
import org.eclipse.microprofile.openapi.annotations.enums.ParameterIn;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;

/** The shopper's own consents. "me" is always the subject of the bearer token. */
@Path("/api/consents")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed("user")
public class ConsentResource {

    // gpc: a denial the gateway records for a shopper whose browser sends Global Privacy Control
    private static final Set<String> CHANNELS = Set.of("web", "api", "gpc");

    private final ConsentService consents;
    private final ReceiptService receipts;
    private final ReceiptStanding standing;
    private final ConsentMapper mapper;
    private final JsonWebToken token;
    private final int defaultPageSize;
    private final int maxPageSize;

    public ConsentResource(ConsentService consents, ReceiptService receipts, ReceiptStanding standing,
            ConsentMapper mapper, JsonWebToken token, ConsentConfig config) {
        this.consents = consents;
        this.receipts = receipts;
        this.standing = standing;
        this.mapper = mapper;
        this.token = token;
        this.defaultPageSize = config.history().defaultPageSize();
        this.maxPageSize = config.history().maxPageSize();
    }

    /**
     * Answered on the event loop when the read cache holds the subject and the purposes (the usual case);
     * otherwise the database is read on a worker thread.
     */
    @GET
    @Path("/me")
    public Uni<ConsentsResponse> mine() {
        String subject = Subjects.of(token);
        List<ConsentService.CurrentConsent> cached = consents.currentIfCached(subject);
        if (cached != null) {
            return Uni.createFrom().item(response(subject, cached));
        }
        return Uni.createFrom().item(() -> response(subject, consents.current(subject)))
                .runSubscriptionOn(Infrastructure.getDefaultWorkerPool());
    }

    private ConsentsResponse response(String subject, List<ConsentService.CurrentConsent> current) {
        return new ConsentsResponse(subject, current.stream().map(mapper::consent).toList());
    }

    @PUT
    @Path("/me/{purpose}")
    @Consumes(MediaType.APPLICATION_JSON)
    public DecisionResponse decide(@PathParam("purpose") String purpose, DecisionRequest request,
            @HeaderParam("Idempotency-Key") String idempotencyKey) {
        if (request == null) {
            throw ProblemException.badRequest("granted", "a JSON body {\"granted\": true|false} is required");
        }
        if (request.granted() == null) {
            throw ProblemException.invalid("granted", "granted is required and must be true or false");
        }
        String channel = request.channel() == null ? "web" : request.channel();
        if (!CHANNELS.contains(channel)) {
            throw ProblemException.invalid("channel", "channel must be one of " + CHANNELS);
        }
        if (idempotencyKey != null && (idempotencyKey.isBlank() || idempotencyKey.length() > 128)) {
            throw ProblemException.badRequest("Idempotency-Key", "Idempotency-Key must have 1 to 128 characters");
        }
        String subject = Subjects.of(token);
        ConsentService.Recorded recorded = consents.decide(subject, purpose, request.granted(), channel, subject,
                idempotencyKey);
        return mapper.decision(recorded.entry(), receipts.issue(recorded.entry()), recorded.replayed());
    }

    /**
     * The subject's ledger and who read their consent, oldest first, a page at a time: {@code limit}
     * (1 to consent.history.max-page-size, default consent.history.default-page-size) entries and
     * partner reads per page; {@code cursor} is the previous page's nextCursor, as it was.
     */
    @GET
    @Path("/me/history")
    @Parameter(name = "cursor", in = ParameterIn.QUERY, schema = @Schema(type = SchemaType.STRING),
            description = "nextCursor of the previous page, as it was; absent for the first page")
    @Parameter(name = "limit", in = ParameterIn.QUERY, schema = @Schema(type = SchemaType.INTEGER, minimum = "1"),
            description = "entries and partner reads per page, 1 to consent.history.max-page-size (200)")
    public HistoryResponse history(@Context UriInfo uri) {
        String subject = Subjects.of(token);
        // read from the query itself: the framework hands "?limit=" over as if there were no limit
        String limit = single(uri, "limit");
        String cursor = single(uri, "cursor");
        int size = pageSize(limit);
        if (cursor != null && cursor.isEmpty()) {
            throw ProblemException.badRequest("cursor", "cursor, when given, is the nextCursor of the previous page");
        }
        return mapper.history(subject, consents.history(subject, cursor, size));
    }

    private static String single(UriInfo uri, String name) {
        List<String> values = uri.getQueryParameters().get(name);
        if (values == null || values.isEmpty()) {
            return null;
        }
        if (values.size() > 1) {
            throw ProblemException.badRequest(name, name + " may be given once");
        }
        return values.get(0) == null ? "" : values.get(0);
    }

    private int pageSize(String limit) {
        if (limit == null) {
            return defaultPageSize;
        }
        try {
            int size = Integer.parseInt(limit);
            if (size >= 1 && size <= maxPageSize) {
                return size;
            }
        } catch (NumberFormatException e) {
            // answered below, like any other limit out of range
        }
        throw ProblemException.badRequest("limit", "limit must be a whole number from 1 to " + maxPageSize);
    }

    /**
     * Everything consent-service holds about the subject: current decisions, the ledger with a receipt per
     * entry, and which partners read the subject's consent.
     */
    @GET
    @Path("/me/export")
    public ExportResponse export() {
        String subject = Subjects.of(token);
        Instant generatedAt = Instant.now();
        return mapper.export(subject, consents.current(subject), consents.export(subject), receipts::issue,
                generatedAt);
    }

    @POST
    @Path("/receipts/verify")
    @Consumes(MediaType.APPLICATION_JSON)
    @Authenticated
    public ReceiptVerificationResponse verify(ReceiptVerificationRequest request) {
        if (request == null || request.receipt() == null || request.receipt().isBlank()) {
            throw ProblemException.invalid("receipt", "receipt is required: the receipt string as returned");
        }
        // the receipt's subject is a shopper: another role's token naming the same sub is not them
        Set<String> groups = token.getGroups() == null ? Set.of() : token.getGroups();
        String shopper = groups.contains("user") ? token.getSubject() : null;
        return mapper.receipt(standing.check(request.receipt(),
                new ReceiptStanding.Viewer(shopper, groups.contains("admin"))));
    }
}
