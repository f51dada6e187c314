package dev.personalization.kit.security;

import dev.personalization.kit.problem.ProblemException;
import org.eclipse.microprofile.jwt.JsonWebToken;

/** The subject a request acts for, taken from the verified token only. */
public final class Subjects {

    /** Longest subject id the suite accepts, in a token or in a path. */
    public static final int MAX_LENGTH = 128;

    private Subjects() {
    }

    /** The token's subject; a token without a usable one is refused with 403. */
    public static String of(JsonWebToken token) {
        String subject = token.getSubject();
        if (!usable(subject)) {
            throw ProblemException.forbidden("the token has no usable subject");
        }
        return subject;
    }

    /** Whether a subject id, from a token or a path, is one the suite can hold. */
    public static boolean usable(String subject) {
        if (subject == null || subject.isBlank() || subject.length() > MAX_LENGTH) {
            return false;
        }
        for (int i = 0; i < subject.length(); i++) {
            if (Character.isISOControl(subject.charAt(i))) {
                return false;
            }
        }
        return true;
    }
}
