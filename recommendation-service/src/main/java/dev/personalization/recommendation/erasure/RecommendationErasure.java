package dev.personalization.recommendation.erasure;

import dev.personalization.consentview.erasure.ErasureHandler;
import dev.personalization.contracts.Topics;
import dev.personalization.recommendation.repository.FeatureRepository;
import dev.personalization.recommendation.repository.FeatureRepository.FeatureRow;
import dev.personalization.recommendation.service.Aggregates;
import dev.personalization.recommendation.service.CatalogEvents;
import dev.personalization.recommendation.service.RecommendationCache;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Erases a subject from recommendation-service, in the consent view's erasure transaction: the snapshot
 * counter, the features, and their contribution to the aggregates (popularity, co-purchases), so that the
 * aggregates equal what recomputing them from the remaining features gives, and the answers rendered for
 * the subject in the in-memory cache. The confirmation leaves through the
 * service's outbox (catalog_outbox, which relays any topic).
 */
@ApplicationScoped
public class RecommendationErasure implements ErasureHandler {

    private final EntityManager entityManager;
    private final FeatureRepository features;
    private final Aggregates aggregates;
    private final Event<CatalogEvents.Written> written;
    private final RecommendationCache cache;

    public RecommendationErasure(EntityManager entityManager, FeatureRepository features, Aggregates aggregates,
            Event<CatalogEvents.Written> written, RecommendationCache cache) {
        this.cache = cache;
        this.entityManager = entityManager;
        this.features = features;
        this.aggregates = aggregates;
        this.written = written;
    }

    @Override
    @Transactional(Transactional.TxType.MANDATORY)
    public Map<String, Long> erase(String pseudonym, Instant now) {
        Map<String, Long> deleted = new LinkedHashMap<>();
        // the row a snapshot's transaction locks first: a snapshot arriving meanwhile waits, then finds no grant
        deleted.put("subject_snapshot", (long) entityManager
                .createNativeQuery("DELETE FROM subject_snapshot WHERE pseudonym = ?1")
                .setParameter(1, pseudonym).executeUpdate());
        List<FeatureRow> held = features.forPseudonym(pseudonym);
        Aggregates.Contribution contribution = aggregates.contribution(held);
        features.deleteForPseudonym(pseudonym);
        aggregates.replace(contribution, aggregates.contribution(List.of()));
        deleted.put("subject_feature", (long) held.size());
        deleted.put("item_popularity_contribution", (long) contribution.popularity().size());
        deleted.put("co_purchase_contribution", (long) contribution.pairs().size());
        // also before commit: a request racing the erasure re-renders from the rows, which are gone or locked
        deleted.put("cached_answers", (long) cache.evict(pseudonym));
        return deleted;
    }

    @Override
    @Transactional(Transactional.TxType.MANDATORY)
    public void confirm(String pseudonym, String completionEvent, Instant now) {
        entityManager.createNativeQuery("""
                INSERT INTO catalog_outbox (id, topic, message_key, payload, created_at) VALUES (?1, ?2, ?3, ?4, ?5)
                """).setParameter(1, UUID.randomUUID()).setParameter(2, Topics.ERASURE_COMPLETED)
                .setParameter(3, pseudonym).setParameter(4, completionEvent).setParameter(5, Timestamp.from(now))
                .executeUpdate();
        // wakes the outbox relay once this transaction commits
        written.fire(new CatalogEvents.Written());
    }
}
