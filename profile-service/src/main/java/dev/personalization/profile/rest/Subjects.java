package dev.personalization.profile.rest;

import dev.personalization.profile.service.ProblemException;
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
}
