package dev.personalization.consent.rest;

import dev.personalization.consent.mapping.ConsentMapper;
import dev.personalization.consent.rest.ApiModels.ChainVerificationResponse;
import dev.personalization.consent.service.LedgerVerifier;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

/** Operators recompute the ledger's hash chains: everyone's, or one subject's. */
@Path("/api/admin/ledger")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed("admin")
public class LedgerAdminResource {

    private final LedgerVerifier verifier;
    private final ConsentMapper mapper;

    public LedgerAdminResource(LedgerVerifier verifier, ConsentMapper mapper) {
        this.verifier = verifier;
        this.mapper = mapper;
    }

    @GET
    @Path("/verify")
    public ChainVerificationResponse verify(@QueryParam("subject") String subject) {
        return mapper.chain(subject == null || subject.isBlank() ? verifier.verifyAll() : verifier.verifySubject(subject));
    }
}
