package dev.personalization.kit.problem;

import com.fasterxml.jackson.annotation.JsonInclude;
import jakarta.ws.rs.core.Response;

/**
 * An RFC 7807 problem body. {@code field} names the request field at fault, when there is one; the
 * detail is a sentence written by the suite, never an exception's message or a value the client sent.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Problem(String type, String title, int status, String detail, String field) {

    public static final String MEDIA_TYPE = "application/problem+json";

    public static Problem of(ProblemType type, String detail) {
        return of(type, detail, null);
    }

    public static Problem of(ProblemType type, String detail, String field) {
        return new Problem(type.uri(), type.title(), type.status(), detail, field);
    }

    public Response.ResponseBuilder toResponseBuilder() {
        return Response.status(status).type(MEDIA_TYPE).entity(this);
    }

    public Response toResponse() {
        return toResponseBuilder().build();
    }
}
