package dev.personalization.consent.service;

import dev.personalization.consent.config.SuiteKeysConfig;
import dev.personalization.contracts.SubjectPseudonym;
import jakarta.enterprise.context.ApplicationScoped;

/** The pseudonym that stands for a subject on Kafka and in the other services. */
@ApplicationScoped
public class SubjectPseudonyms {

    private final SubjectPseudonym pseudonym;

    public SubjectPseudonyms(SuiteKeysConfig config) {
        this.pseudonym = new SubjectPseudonym(config.pseudonym().secret());
    }

    public String of(String subject) {
        return pseudonym.of(subject);
    }
}
