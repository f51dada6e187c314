package dev.personalization.recommendation.service;

/**
 * A failure the client can act on, rendered as RFC 7807 problem+json by the REST layer.
 * The detail names the field at fault and never carries personal data.
 */
public class ProblemException extends RuntimeException {

    private final int status;
    private final String slug;
    private final String title;
    private final String field;

    public ProblemException(int status, String slug, String title, String detail, String field) {
        super(detail, null, false, false);
        this.status = status;
        this.slug = slug;
        this.title = title;
        this.field = field;
    }

    public static ProblemException notFound(String what, String detail) {
        return new ProblemException(404, what + "-not-found", "Not found", detail, null);
    }

    public static ProblemException invalid(String field, String detail) {
        return new ProblemException(422, "invalid-field", "Invalid request", detail, field);
    }

    public static ProblemException badRequest(String field, String detail) {
        return new ProblemException(400, "bad-request", "Bad request", detail, field);
    }

    public static ProblemException forbidden(String detail) {
        return new ProblemException(403, "forbidden", "Forbidden", detail, null);
    }

    public int status() {
        return status;
    }

    public String slug() {
        return slug;
    }

    public String title() {
        return title;
    }

    public String field() {
        return field;
    }
}
