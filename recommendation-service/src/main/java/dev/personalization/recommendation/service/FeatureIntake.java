package dev.personalization.recommendation.service;

import dev.personalization.consentview.repository.ProcessedEventRepository;
import dev.personalization.consentview.service.ConsentViewService;
import dev.personalization.contracts.EventEnvelope;
import dev.personalization.contracts.ProfileFeaturesV1;
import dev.personalization.contracts.Topics;
import dev.personalization.recommendation.repository.FeatureRepository;
import dev.personalization.recommendation.repository.FeatureRepository.FeatureRow;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Applies profile-service's feature snapshots: at most once per event id, only a snapshot newer than the
 * one held, and of it only the features stamped with their purpose's current granted consent version in the
 * local consent view (a feature collected under an earlier grant, or under none, is discarded). The
 * aggregates change in the same transaction.
 */
@ApplicationScoped
public class FeatureIntake {

    public enum Outcome { APPLIED, STALE, DUPLICATE }

    static final int MAX_ITEM = 200;

    private final ProcessedEventRepository processed;
    private final ConsentViewService consents;
    private final FeatureRepository features;
    private final Aggregates aggregates;
    private final Clock clock;
    private final dev.personalization.consentview.erasure.ErasedSubjectRepository erasedSubjects;

    public FeatureIntake(ProcessedEventRepository processed, ConsentViewService consents, FeatureRepository features,
            Aggregates aggregates, Clock clock,
            dev.personalization.consentview.erasure.ErasedSubjectRepository erasedSubjects) {
        this.processed = processed;
        this.consents = consents;
        this.features = features;
        this.aggregates = aggregates;
        this.clock = clock;
        this.erasedSubjects = erasedSubjects;
    }

    /** Applies one snapshot; 503 (ProblemException) while the consent view is catching up, nothing applied. */
    @Transactional
    public Outcome apply(EventEnvelope<ProfileFeaturesV1> event) {
        Instant now = clock.instant();
        String pseudonym = event.subject();
        // the consent rows first (FOR SHARE, as the view's purge takes them exclusively): a withdrawal
        // arriving meanwhile waits for this transaction and then purges what it stored
        Map<String, Long> grants = consents.grantsHeld(pseudonym, now);
        if (!processed.markAllProcessed(List.of(event.id()), Topics.PROFILE_FEATURES, now)[0]) {
            return Outcome.DUPLICATE;
        }
        ProfileFeaturesV1 snapshot = event.data();
        if (grants.isEmpty() && erasedSubjects.isErased(pseudonym)) {
            // an erased subject without a new grant: no feature could be kept, and no row about the subject is
            // made either (its last, empty snapshot may arrive after the erasure)
            return Outcome.STALE;
        }
        long held = features.lockSnapshotVersion(pseudonym, now);
        if (snapshot.snapshotVersion() <= held) {
            return Outcome.STALE;
        }
        List<FeatureRow> accepted = accepted(pseudonym, snapshot, grants);
        List<FeatureRow> current = features.forPseudonym(pseudonym);
        Aggregates.Contribution before = aggregates.contribution(current);
        features.replace(pseudonym, current, accepted);
        aggregates.replace(before, aggregates.contribution(accepted));
        features.setSnapshotVersion(pseudonym, snapshot.snapshotVersion(), now);
        return Outcome.APPLIED;
    }

    /** A tombstone for the subject's key (erasure): nothing of theirs is kept, nor counted. */
    @Transactional
    public void forget(String pseudonym) {
        Aggregates.Contribution before = aggregates.contribution(features.forPseudonym(pseudonym));
        features.deleteForPseudonym(pseudonym);
        aggregates.replace(before, aggregates.contribution(List.of()));
    }

    /** The snapshot's usable features: a known kind of its own purpose, under that purpose's current grant. */
    static List<FeatureRow> accepted(String pseudonym, ProfileFeaturesV1 snapshot, Map<String, Long> grants) {
        Map<String, FeatureRow> kept = new LinkedHashMap<>();
        if (snapshot.features() == null) {
            return List.of();
        }
        for (ProfileFeaturesV1.Feature feature : snapshot.features()) {
            if (feature == null || feature.kind() == null || feature.item() == null || feature.item().isBlank()
                    || feature.item().length() > MAX_ITEM || feature.lastSeen() == null
                    || feature.expiresAt() == null || !Double.isFinite(feature.weight()) || feature.weight() < 0) {
                continue;
            }
            String purpose = FeatureKinds.purposeOf(feature.kind());
            Long granted = purpose == null ? null : grants.get(purpose);
            if (purpose == null || !purpose.equals(feature.purpose()) || granted == null || granted != feature.consentVersion()) {
                continue;
            }
            kept.put(purpose + "\u0000" + feature.kind() + "\u0000" + feature.item(), new FeatureRow(pseudonym, purpose,
                    feature.kind(), feature.item(), feature.weight(), feature.consentVersion(), feature.lastSeen(),
                    feature.expiresAt()));
        }
        return new ArrayList<>(kept.values());
    }
}
