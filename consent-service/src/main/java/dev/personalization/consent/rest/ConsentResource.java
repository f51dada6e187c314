package dev.personalization.consent.rest;

import dev.personalization.kit.security.Subjects;
import dev.personalization.consent.mapping.ConsentMapper;
import dev.personalization.consent.rest.ApiModels.ConsentsResponse;
import dev.personalization.consent.rest.ApiModels.DecisionRequest;
import dev.personalization.consent.rest.ApiModels.DecisionResponse;
import dev.personalization.consent.rest.ApiModels.HistoryResponse;
import dev.personalization.consent.rest.ApiModels.ReceiptVerificationRequest;
import dev.personalization.consent.rest.ApiModels.ReceiptVerificationResponse;
import dev.personalization.consent.service.ConsentService;
import dev.personalization.kit.problem.ProblemException;
import dev.personalization.consent.service.ReceiptService;
import io.quarkus.security.Authenticated;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.Set;
import org.eclipse.microprofile.jwt.JsonWebToken;

/** The shopper's own consents. "me" is always the subject of the bearer token. */
@Path("/api/consents")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed("user")
public class ConsentResource {

    private static final Set<String> CHANNELS = Set.of("web", "api");

    private final ConsentService consents;
    private final ReceiptService receipts;
    private final ConsentMapper mapper;
    private final JsonWebToken token;

    public ConsentResource(ConsentService consents, ReceiptService receipts, ConsentMapper mapper,
            JsonWebToken token) {
        this.consents = consents;
        this.receipts = receipts;
        this.mapper = mapper;
        this.token = token;
    }

    @GET
    @Path("/me")
    public ConsentsResponse mine() {
        String subject = Subjects.of(token);
        return new ConsentsResponse(subject, consents.current(subject).stream().map(mapper::consent).toList());
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

    @GET
    @Path("/me/history")
    public HistoryResponse history() {
        String subject = Subjects.of(token);
        return new HistoryResponse(subject,
                consents.history(subject).stream().map(mapper::entry).toList(),
                consents.partnerReads(subject).stream().map(mapper::partnerRead).toList());
    }

    @POST
    @Path("/receipts/verify")
    @Consumes(MediaType.APPLICATION_JSON)
    @Authenticated
    public ReceiptVerificationResponse verify(ReceiptVerificationRequest request) {
        if (request == null || request.receipt() == null || request.receipt().isBlank()) {
            throw ProblemException.invalid("receipt", "receipt is required: the receipt string as returned");
        }
        ReceiptService.Verification verification = receipts.verify(request.receipt());
        return new ReceiptVerificationResponse(verification.valid(), verification.reason(), verification.claims());
    }
}
