package dev.personalization.recommendation.service;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.personalization.consentview.service.ConsentsRevoked;
import dev.personalization.kit.db.ChangeListener;
import dev.personalization.recommendation.config.RecommendationConfig;
import dev.personalization.recommendation.repository.SubjectStateRepository;
import dev.personalization.recommendation.repository.SubjectStateRepository.SubjectState;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.TransactionPhase;
import javax.sql.DataSource;

/**
 * Each subject's consent view rows and newest snapshot version in memory, so that a repeated
 * recommendation request needs no database round trip. Coherent across replicas: a trigger on
 * consent_view and subject_snapshot notifies {@value #CHANNEL} with the pseudonym on commit (migration
 * V3), and every replica LISTENs and forgets that subject. While the listening connection is down every
 * read goes to the database; entries live at most recommendation.cache.state-ttl in any case. Expiry of
 * a grant is decided per request from the cached expiry time, not by the cache.
 */
@ApplicationScoped
public class SubjectStateCache {

    static final String CHANNEL = "subject_changed";

    private final SubjectStateRepository repository;
    private final Cache<String, SubjectState> states;
    private final ChangeListener listener;

    public SubjectStateCache(SubjectStateRepository repository, DataSource dataSource, RecommendationConfig config) {
        this.repository = repository;
        this.states = Caffeine.newBuilder()
                .maximumSize(config.cache().maxEntries())
                .expireAfterWrite(config.cache().stateTtl())
                .build();
        this.listener = new ChangeListener(dataSource, CHANNEL, states::invalidate, states::invalidateAll);
    }

    void start(@Observes StartupEvent event) {
        listener.start();
    }

    void stop(@Observes ShutdownEvent event) {
        listener.stop();
    }

    /**
     * A withdrawal or expiry this replica applied is forgotten as soon as it commits, in the thread that
     * committed it, without waiting for the notification (which still tells the other replicas).
     */
    void onRevoked(@Observes(during = TransactionPhase.AFTER_SUCCESS) ConsentsRevoked revoked) {
        revoked.revocations().forEach(revocation -> states.invalidate(revocation.pseudonym()));
    }

    /** The subject's state: from memory while notifications arrive, else from the database. */
    public SubjectState read(String pseudonym) {
        return listener.coherent() ? states.get(pseudonym, repository::read) : repository.read(pseudonym);
    }

    /** True while notifications are being received, i.e. while the cache is in use. */
    public boolean coherent() {
        return listener.coherent();
    }
}
