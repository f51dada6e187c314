package dev.personalization.consent.rest;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import dev.personalization.consent.service.ProblemException;
import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.ForbiddenException;
import io.quarkus.security.UnauthorizedException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import java.util.stream.Collectors;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/**
 * The one place where failures become RFC 7807 problem+json. Details name fields, never values,
 * and nothing internal (stack traces, class names, SQL) leaves the service.
 */
public class ProblemExceptionMapper {

    private static final Logger LOG = Logger.getLogger(ProblemExceptionMapper.class);

    @ServerExceptionMapper
    public Response problem(ProblemException e) {
        return Problem.of(e.status(), e.slug(), e.title(), e.getMessage(), e.field()).toResponse();
    }

    @ServerExceptionMapper({UnauthorizedException.class, AuthenticationFailedException.class})
    public Response unauthorized() {
        return Response.fromResponse(Problem.of(401, "unauthorized", "Unauthorized",
                "a valid bearer token is required", null).toResponse())
                .header(HttpHeaders.WWW_AUTHENTICATE, "Bearer")
                .build();
    }

    @ServerExceptionMapper
    public Response forbidden(ForbiddenException e) {
        return Problem.of(403, "forbidden", "Forbidden", "this token's role does not allow this request", null)
                .toResponse();
    }

    @ServerExceptionMapper
    public Response mismatchedInput(MismatchedInputException e) {
        return unreadable(e);
    }

    @ServerExceptionMapper
    public Response unreadableJson(JsonProcessingException e) {
        return unreadable(e);
    }

    @ServerExceptionMapper
    public Response webApplication(WebApplicationException e) {
        if (tooLarge(e)) {
            return bodyTooLarge();
        }
        if (e.getCause() instanceof JsonProcessingException json) {
            return unreadable(json);
        }
        int status = e.getResponse().getStatus();
        Response.Status known = Response.Status.fromStatusCode(status);
        String title = known == null ? "Error" : known.getReasonPhrase();
        return Problem.of(status, title.toLowerCase().replace(' ', '-'), title, title, null).toResponse();
    }

    /**
     * A body that could not be read to its end. Quarkus reports a chunked body over
     * quarkus.http.limits.max-body-size this way ("Request too large"); a declared length over it never
     * gets here (BodyLimitFilter answers first).
     */
    @ServerExceptionMapper
    public Response unreadableBody(java.io.IOException e) {
        if (tooLarge(e)) {
            return bodyTooLarge();
        }
        return Problem.of(400, "unreadable-body", "Unreadable body", "the request body could not be read", null)
                .toResponse();
    }

    @ServerExceptionMapper
    public Response unexpected(Exception e) {
        LOG.errorf("unexpected failure: %s", e.getClass().getSimpleName());
        LOG.debug("unexpected failure", e);
        return Problem.of(500, "internal-error", "Internal error", "the request could not be completed", null)
                .toResponse();
    }

    /** Quarkus' signal that a body sent without a length went over quarkus.http.limits.max-body-size. */
    private static boolean tooLarge(Throwable e) {
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            if (cause instanceof java.io.IOException && "Request too large".equals(cause.getMessage())) {
                return true;
            }
        }
        return false;
    }

    private static Response bodyTooLarge() {
        return Problem.of(413, "body-too-large", "Payload too large", "the body exceeds the size limit", null)
                .toResponse();
    }

    private static Response unreadable(JsonProcessingException e) {
        if (tooLarge(e)) {
            return bodyTooLarge();
        }
        String field = null;
        if (e instanceof JsonMappingException mapping && !mapping.getPath().isEmpty()) {
            field = mapping.getPath().stream()
                    .map(ref -> ref.getFieldName() != null ? ref.getFieldName() : "[" + ref.getIndex() + "]")
                    .collect(Collectors.joining("."));
        }
        String detail = field == null ? "the body is not valid JSON of the expected shape"
                : "the field " + field + " has the wrong type or format";
        return Problem.of(400, "malformed-body", "Malformed body", detail, field).toResponse();
    }
}
