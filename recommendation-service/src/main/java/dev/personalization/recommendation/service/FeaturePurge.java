package dev.personalization.recommendation.service;

import dev.personalization.consentview.service.ConsentsRevoked;
import dev.personalization.recommendation.repository.FeatureRepository;
import dev.personalization.recommendation.repository.FeatureRepository.FeatureRow;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.ArrayList;
import java.util.List;

/**
 * Withdrawal, denial or expiry of a purpose deletes the features it allowed, and their part of the
 * aggregates, in the consent view's own transaction: the new decision and the purge commit together.
 */
@ApplicationScoped
public class FeaturePurge {

    private final FeatureRepository features;
    private final Aggregates aggregates;

    public FeaturePurge(FeatureRepository features, Aggregates aggregates) {
        this.features = features;
        this.aggregates = aggregates;
    }

    void onRevoked(@Observes ConsentsRevoked revoked) {
        // one poll's revocations share this transaction: their aggregate changes are applied together, so
        // that its rows are locked in one round, in key order, like a snapshot's (no deadlock between them)
        List<Aggregates.Change> changes = new ArrayList<>();
        for (ConsentsRevoked.Revocation revocation : revoked.revocations()) {
            List<FeatureRow> held = features.forPseudonym(revocation.pseudonym());
            if (held.stream().noneMatch(f -> f.purpose().equals(revocation.purpose()))) {
                continue;
            }
            List<FeatureRow> remaining = held.stream().filter(f -> !f.purpose().equals(revocation.purpose())).toList();
            features.deletePurpose(revocation.pseudonym(), revocation.purpose());
            changes.add(new Aggregates.Change(aggregates.contribution(held), aggregates.contribution(remaining)));
        }
        if (!changes.isEmpty()) {
            aggregates.replaceAll(changes);
        }
    }
}
