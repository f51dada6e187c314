package dev.personalization.kit.security;

import dev.personalization.contracts.SubjectPseudonym;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The pseudonym that stands for a subject on Kafka and in every database but consent-service's,
 * keyed by {@code suite.pseudonym.secret} (a mounted secret in production).
 */
@ApplicationScoped
public class SubjectPseudonyms {

    private final SubjectPseudonym pseudonym;

    public SubjectPseudonyms(@ConfigProperty(name = "suite.pseudonym.secret") String secret) {
        this.pseudonym = new SubjectPseudonym(secret);
    }

    public String of(String subject) {
        return pseudonym.of(subject);
    }
}
