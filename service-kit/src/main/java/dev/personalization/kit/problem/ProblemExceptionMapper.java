package dev.personalization.kit.problem;

import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import io.quarkus.security.AuthenticationCompletionException;
import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.ForbiddenException;
import io.quarkus.security.UnauthorizedException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import java.io.IOException;
import java.util.stream.Collectors;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/**
 * The one place where failures become RFC 7807 problem+json, for every service and the gateway.
 * Details name fields, never values, and nothing internal (stack traces, class names, SQL) leaves.
 */
public class ProblemExceptionMapper {

    private static final Logger LOG = Logger.getLogger(ProblemExceptionMapper.class);
    private static final int MAX_FIELD_NAME = 64;

    @ServerExceptionMapper
    public Response problem(ProblemException e) {
        return e.problem().toResponse();
    }

    @ServerExceptionMapper({UnauthorizedException.class, AuthenticationFailedException.class,
            AuthenticationCompletionException.class})
    public Response unauthorized() {
        return Problem.of(ProblemType.UNAUTHORIZED, "a valid bearer token is required").toResponseBuilder()
                .header(HttpHeaders.WWW_AUTHENTICATE, "Bearer")
                .build();
    }

    @ServerExceptionMapper
    public Response forbidden(ForbiddenException e) {
        return Problem.of(ProblemType.FORBIDDEN, "this token's role or scope does not allow this request")
                .toResponse();
    }

    @ServerExceptionMapper
    public Response unreadableJson(JsonProcessingException e) {
        return unreadable(e);
    }

    // Quarkus maps these two itself (a JSON body without the problem type); the closest mapper wins

    @ServerExceptionMapper
    public Response mismatchedInput(MismatchedInputException e) {
        return unreadable(e);
    }

    @ServerExceptionMapper
    public Response unparsable(JsonParseException e) {
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
        if (status >= 500) {
            return unexpected(e);
        }
        ProblemType type = ProblemType.forStatus(status);
        String detail = switch (type) {
            case NOT_FOUND -> "no resource at this path";
            case METHOD_NOT_ALLOWED -> "this resource does not take this method";
            case UNSUPPORTED_MEDIA_TYPE -> "the body's content type is not accepted here";
            case NOT_ACCEPTABLE -> "no representation matches the Accept header";
            default -> "the request was refused";
        };
        return new Problem(type.uri(), type.title(), status, detail, null).toResponse();
    }

    /**
     * A body that could not be read to its end. Quarkus reports a body sent without a declared length
     * (chunked) that goes over quarkus.http.limits.max-body-size this way; a declared length over it is
     * refused earlier, by {@link dev.personalization.kit.http.BodyLimit}.
     */
    @ServerExceptionMapper
    public Response unreadableBody(IOException e) {
        if (tooLarge(e)) {
            return bodyTooLarge();
        }
        return Problem.of(ProblemType.MALFORMED_BODY, "the request body could not be read").toResponse();
    }

    @ServerExceptionMapper
    public Response unexpected(Exception e) {
        if (tooLarge(e)) {
            return bodyTooLarge();
        }
        // the class name only: a message or a trace could carry personal data
        LOG.errorf("unexpected failure: %s", e.getClass().getSimpleName());
        LOG.debug("unexpected failure", e);
        return Problem.of(ProblemType.INTERNAL_ERROR, "the request could not be completed").toResponse();
    }

    /** Quarkus' signal that a body went over quarkus.http.limits.max-body-size while being read. */
    static boolean tooLarge(Throwable e) {
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            if (cause instanceof IOException && "Request too large".equals(cause.getMessage())) {
                return true;
            }
        }
        return false;
    }

    private static Response bodyTooLarge() {
        return Problem.of(ProblemType.BODY_TOO_LARGE, "the body exceeds the size limit").toResponse();
    }

    static Response unreadable(JsonProcessingException e) {
        if (tooLarge(e)) {
            return bodyTooLarge();
        }
        String field = fieldOf(e);
        String detail;
        if (field == null) {
            detail = "the body is not valid JSON of the expected shape";
        } else if (e instanceof JsonMappingException) {
            detail = "the field " + field + " is unknown, or has the wrong type or format";
        } else {
            detail = "the field " + field + " appears more than once";
        }
        return Problem.of(ProblemType.MALFORMED_BODY, detail, field).toResponse();
    }

    /** The path of the field at fault, as in {@code events.[3].price}; null when no field is to blame. */
    static String fieldOf(JsonProcessingException e) {
        if (e instanceof JsonMappingException mapping) {
            if (mapping.getPath().isEmpty()) {
                return null;
            }
            return clip(mapping.getPath().stream()
                    .map(ref -> ref.getFieldName() != null ? ref.getFieldName() : "[" + ref.getIndex() + "]")
                    .collect(Collectors.joining(".")));
        }
        // a parse-level failure; for a duplicate key (StrictDuplicateDetection) the parser stands on its name
        if (e.getProcessor() instanceof JsonParser parser && e.getMessage() != null
                && e.getMessage().startsWith("Duplicate field")) {
            try {
                return clip(parser.currentName());
            } catch (RuntimeException | IOException ignored) {
                return null;
            }
        }
        return null;
    }

    private static String clip(String name) {
        if (name == null) {
            return null;
        }
        return name.length() <= MAX_FIELD_NAME ? name : name.substring(0, MAX_FIELD_NAME);
    }
}
