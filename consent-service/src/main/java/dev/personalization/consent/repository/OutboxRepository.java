package dev.personalization.consent.repository;

import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

@ApplicationScoped
public class OutboxRepository implements PanacheRepositoryBase<OutboxEvent, UUID> {

    public List<OutboxEvent> pending(int limit) {
        return find("publishedAt is null order by seq").page(0, limit).list();
    }

    public long pendingCount() {
        return count("publishedAt is null");
    }

    /**
     * Takes the relay's cluster-wide lock for this transaction, so that one replica at a time
     * publishes and the order per subject holds. False when another replica has it.
     */
    public boolean tryRelayLock() {
        Object locked = getEntityManager().createNativeQuery("SELECT pg_try_advisory_xact_lock(74616001)")
                .getSingleResult();
        return Boolean.TRUE.equals(locked);
    }

    public long deletePublishedBefore(Instant cutoff) {
        return delete("publishedAt < ?1", cutoff);
    }
}
