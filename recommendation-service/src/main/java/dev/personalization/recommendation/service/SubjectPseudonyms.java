package dev.personalization.recommendation.service;

import dev.personalization.contracts.SubjectPseudonym;
import dev.personalization.recommendation.config.SuiteKeysConfig;
import jakarta.enterprise.context.ApplicationScoped;

/** The pseudonym that stands for a subject on Kafka and in this service's database. */
@ApplicationScoped
public class SubjectPseudonyms {

    private final SubjectPseudonym pseudonym;

    public SubjectPseudonyms(SuiteKeysConfig config) {
        this.pseudonym = new SubjectPseudonym(config.secret());
    }

    public String of(String subject) {
        return pseudonym.of(subject);
    }
}
