package dev.personalization.recommendation.rest;

import dev.personalization.recommendation.service.ProblemException;
import org.eclipse.microprofile.jwt.JsonWebToken;

/** The subject a request acts for, taken from the verified token only. */
final class Subjects {

    static final int MAX_LENGTH = 128;

    private Subjects() {
    }

    static String of(JsonWebToken token) {
        String subject = token.getSubject();
        if (subject == null || subject.isBlank() || subject.length() > MAX_LENGTH) {
            throw ProblemException.forbidden("the token has no usable subject");
        }
        return subject;
    }

    /** Whether the token's space-separated {@code scope} claim grants the scope. */
    static boolean hasScope(JsonWebToken token, String scope) {
        Object claim = token.getClaim("scope");
        if (claim == null) {
            return false;
        }
        String text = claim instanceof jakarta.json.JsonString json ? json.getString() : claim.toString();
        for (String granted : text.split(" ")) {
            if (granted.equals(scope)) {
                return true;
            }
        }
        return false;
    }
}
