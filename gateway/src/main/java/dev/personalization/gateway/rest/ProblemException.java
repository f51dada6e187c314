package dev.personalization.gateway.rest;

/** A refusal decided by the gateway itself, carrying the problem to answer with. */
public class ProblemException extends RuntimeException {

    private final Problem problem;

    public ProblemException(Problem problem) {
        super(problem.title(), null, false, false);
        this.problem = problem;
    }

    public Problem problem() {
        return problem;
    }

    static ProblemException noRoute() {
        return new ProblemException(Problem.of("not-found", 404, "Not Found", "No API resource at this path"));
    }

    static ProblemException notImplementedYet() {
        return new ProblemException(Problem.of("not-implemented", 501, "Not Implemented",
                "This resource is not implemented yet"));
    }
}
