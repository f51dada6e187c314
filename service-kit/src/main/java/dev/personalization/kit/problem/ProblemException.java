package dev.personalization.kit.problem;

/**
 * A refusal the client can act on, rendered as problem+json by {@link ProblemExceptionMapper}.
 * The detail names the field at fault and never carries personal data. No stack trace is taken:
 * these are answers, not faults.
 */
public class ProblemException extends RuntimeException {

    private final transient Problem problem;

    public ProblemException(ProblemType type, String detail, String field) {
        this(Problem.of(type, detail, field));
    }

    public ProblemException(Problem problem) {
        super(problem.detail(), null, false, false);
        this.problem = problem;
    }

    public Problem problem() {
        return problem;
    }

    /** No such thing: {@code field} names what was looked up (purpose, product, ...). */
    public static ProblemException notFound(String field, String detail) {
        return new ProblemException(ProblemType.NOT_FOUND, detail, field);
    }

    /** Well-formed, but a value breaks a rule of the domain. */
    public static ProblemException invalid(String field, String detail) {
        return new ProblemException(ProblemType.INVALID_FIELD, detail, field);
    }

    /** A request the server cannot read as meant (a parameter of the wrong form, ...). */
    public static ProblemException badRequest(String field, String detail) {
        return new ProblemException(ProblemType.BAD_REQUEST, detail, field);
    }

    public static ProblemException forbidden(String detail) {
        return new ProblemException(ProblemType.FORBIDDEN, detail, null);
    }
}
