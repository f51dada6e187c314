package dev.personalization.kit.testing;

import dev.personalization.kit.problem.ProblemException;
import dev.personalization.kit.security.Scopes;
import dev.personalization.kit.security.SubjectPseudonyms;
import dev.personalization.kit.security.Subjects;
import io.smallrye.common.annotation.NonBlocking;
import jakarta.annotation.security.PermitAll;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.util.Map;
import org.eclipse.microprofile.jwt.JsonWebToken;

/** Endpoints that exist only in the kit's tests, to drive its pieces through real HTTP. */
@Path("/kit")
@Produces(MediaType.APPLICATION_JSON)
public class KitTestResource {

    public record Order(String item, int quantity, boolean gift) {
    }

    private final JsonWebToken token;
    private final SubjectPseudonyms pseudonyms;

    public KitTestResource(JsonWebToken token, SubjectPseudonyms pseudonyms) {
        this.token = token;
        this.pseudonyms = pseudonyms;
    }

    @GET
    @Path("/me")
    @RolesAllowed("user")
    public Map<String, String> me() {
        return Map.of("pseudonym", pseudonyms.of(Subjects.of(token)));
    }

    @GET
    @Path("/partner")
    @RolesAllowed("partner")
    public Map<String, Object> partner(@QueryParam("scope") String scope) {
        if (!Scopes.has(token, scope)) {
            throw ProblemException.forbidden("this token lacks the scope");
        }
        return Map.of("scope", scope);
    }

    @POST
    @Path("/orders")
    @PermitAll
    @Consumes(MediaType.APPLICATION_JSON)
    public Order order(Order order) {
        return order;
    }

    /** The same on the event loop: Quarkus REST reads the body another way there. */
    @POST
    @Path("/orders/non-blocking")
    @PermitAll
    @NonBlocking
    @Consumes(MediaType.APPLICATION_JSON)
    public Order orderOnTheEventLoop(Order order) {
        return order;
    }

    /** Raw bytes in, the same bytes out: how the gateway takes a body to forward it. */
    @POST
    @Path("/echo")
    @PermitAll
    @NonBlocking
    @Consumes(MediaType.WILDCARD)
    @Produces(MediaType.APPLICATION_OCTET_STREAM)
    public byte[] echo(byte[] body) {
        return body;
    }

    @GET
    @Path("/items/{id}")
    @PermitAll
    public Map<String, String> item(@PathParam("id") String id, @QueryParam("q") String query) {
        return Map.of("id", id);
    }

    /** No security annotation: deny-unannotated-endpoints must refuse it. */
    @GET
    @Path("/forgotten")
    public String forgotten() {
        return "open";
    }
}
