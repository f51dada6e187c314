package dev.personalization.recommendation.repository;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** Promotions (table deal), in plain SQL. */
@ApplicationScoped
public class DealRepository {

    /** A promotion as stored: a product or a category, never both. */
    public record DealRow(String id, String owner, String productId, String category, int percentOff,
            Instant validFrom, Instant validUntil, Instant updatedAt) {
    }

    public enum Upsert { CREATED, REPLACED, OWNED_BY_ANOTHER }

    private final EntityManager entityManager;

    public DealRepository(EntityManager entityManager) {
        this.entityManager = entityManager;
    }

    /** Creates the deal or replaces it whole, unless another partner owns it; one statement, as for products. */
    public Upsert upsert(DealRow deal) {
        @SuppressWarnings("unchecked")
        List<Object> inserted = entityManager.createNativeQuery("""
                INSERT INTO deal (id, owner, product_id, category, percent_off, valid_from, valid_until, updated_at)
                VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)
                ON CONFLICT (id) DO UPDATE SET
                    product_id = EXCLUDED.product_id,
                    category = EXCLUDED.category,
                    percent_off = EXCLUDED.percent_off,
                    valid_from = EXCLUDED.valid_from,
                    valid_until = EXCLUDED.valid_until,
                    updated_at = EXCLUDED.updated_at
                WHERE deal.owner = EXCLUDED.owner
                RETURNING (xmax = 0)
                """)
                .setParameter(1, deal.id())
                .setParameter(2, deal.owner())
                .setParameter(3, deal.productId())
                .setParameter(4, deal.category())
                .setParameter(5, deal.percentOff())
                .setParameter(6, Timestamp.from(deal.validFrom()))
                .setParameter(7, Timestamp.from(deal.validUntil()))
                .setParameter(8, Timestamp.from(deal.updatedAt()))
                .getResultList();
        if (inserted.isEmpty()) {
            return Upsert.OWNED_BY_ANOTHER;
        }
        return Boolean.TRUE.equals(inserted.get(0)) ? Upsert.CREATED : Upsert.REPLACED;
    }

    /**
     * Deals valid at {@code now}: most generous first, then the one ending soonest, then by id, so that the
     * order is the same for everyone.
     */
    public List<DealRow> active(Instant now) {
        @SuppressWarnings("unchecked")
        List<Object[]> rows = entityManager.createNativeQuery("""
                SELECT id, owner, product_id, category, percent_off, valid_from, valid_until, updated_at FROM deal
                WHERE valid_from <= ?1 AND valid_until > ?1
                ORDER BY percent_off DESC, valid_until, id
                """).setParameter(1, Timestamp.from(now)).getResultList();
        List<DealRow> deals = new ArrayList<>(rows.size());
        for (Object[] row : rows) {
            deals.add(new DealRow((String) row[0], (String) row[1], (String) row[2], (String) row[3],
                    ((Number) row[4]).intValue(), instant(row[5]), instant(row[6]), instant(row[7])));
        }
        return deals;
    }

    static Instant instant(Object value) {
        if (value instanceof Timestamp timestamp) {
            return timestamp.toInstant();
        }
        if (value instanceof java.time.OffsetDateTime offset) {
            return offset.toInstant();
        }
        return (Instant) value;
    }
}
