package dev.personalization.consent.rest;

import dev.personalization.consent.mapping.ConsentMapper;
import dev.personalization.consent.rest.ApiModels.ErasureResponse;
import dev.personalization.consent.service.ErasureService;
import dev.personalization.kit.problem.ProblemException;
import dev.personalization.kit.security.Subjects;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.UUID;
import org.eclipse.microprofile.jwt.JsonWebToken;

/** The shopper's erasure: "me" is the subject of the bearer token. */
@Path("/api/me")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed("user")
public class ErasureResource {

    private final ErasureService erasures;
    private final ConsentMapper mapper;
    private final JsonWebToken token;

    public ErasureResource(ErasureService erasures, ConsentMapper mapper, JsonWebToken token) {
        this.erasures = erasures;
        this.mapper = mapper;
        this.token = token;
    }

    /**
     * Asks for the erasure of everything the suite holds about the subject: 202 with the request, its
     * relative Location; a repeat while it is open answers the same request.
     */
    @DELETE
    public Response erase() {
        ErasureService.Requested requested = erasures.request(Subjects.of(token));
        ErasureResponse body = mapper.erasure(requested.status());
        // relative, so that it holds behind the gateway (location() would make it absolute with this backend's address)
        return Response.accepted(body).header(HttpHeaders.LOCATION, "/api/me/erasure/" + body.requestId()).build();
    }

    /** The request's progress per service; 404 for an id that is not this subject's. */
    @GET
    @Path("/erasure/{id}")
    public ErasureResponse status(@PathParam("id") String id) {
        UUID requestId;
        try {
            requestId = UUID.fromString(id);
        } catch (IllegalArgumentException e) {
            throw notFound();
        }
        return mapper.erasure(erasures.status(Subjects.of(token), requestId).orElseThrow(ErasureResource::notFound));
    }

    private static ProblemException notFound() {
        return ProblemException.notFound("id", "no erasure request of yours with this id");
    }
}
