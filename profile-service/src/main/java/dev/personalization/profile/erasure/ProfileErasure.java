package dev.personalization.profile.erasure;

import dev.personalization.consentview.erasure.ErasureHandler;
import dev.personalization.contracts.Topics;
import dev.personalization.profile.service.FeatureSnapshots;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.transaction.Transactional;
import java.time.Instant;
import java.util.Map;

/**
 * Erases a subject from profile-service, in the consent view's erasure transaction: the profile, the
 * retention choices, the snapshot counter and the subject's outbox rows; then a tombstone for the subject's
 * key on the compacted profile.features.v1, so that the log forgets the last snapshot too, and the
 * confirmation, both through the outbox.
 */
@ApplicationScoped
public class ProfileErasure implements ErasureHandler {

    private final ProfileErasureRepository repository;
    private final Event<FeatureSnapshots.Written> written;

    public ProfileErasure(ProfileErasureRepository repository, Event<FeatureSnapshots.Written> written) {
        this.repository = repository;
        this.written = written;
    }

    @Override
    @Transactional(Transactional.TxType.MANDATORY)
    public Map<String, Long> erase(String pseudonym, Instant now) {
        Map<String, Long> deleted = repository.deleteAll(pseudonym);
        repository.appendOutbox(Topics.PROFILE_FEATURES, pseudonym, null, now);
        return deleted;
    }

    @Override
    @Transactional(Transactional.TxType.MANDATORY)
    public void confirm(String pseudonym, String completionEvent, Instant now) {
        repository.appendOutbox(Topics.ERASURE_COMPLETED, pseudonym, completionEvent, now);
        // wakes the outbox relay once this transaction commits
        written.fire(new FeatureSnapshots.Written());
    }
}
