package dev.personalization.recommendation.repository;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.hibernate.Session;

/**
 * What the recommendation model is built from, read in bulk: the products, k-anonymous popularity and the
 * item-level features of every subject held; and cheap fingerprints that say whether any of it changed.
 */
@ApplicationScoped
public class ModelInputRepository {

    /** One item-level feature (a bought or viewed product) of one subject, without its weight. */
    public record ItemFeature(String pseudonym, String kind, String item, Instant lastSeen) {
    }

    /** Fingerprints of the catalog and the aggregates: equal means unchanged (another replica's writes included). */
    public record Stamps(String catalog, String aggregates) {
    }

    private final EntityManager entityManager;

    public ModelInputRepository(EntityManager entityManager) {
        this.entityManager = entityManager;
    }

    /** Read every second: both tables have at most a row per product. */
    public Stamps stamps() {
        Object[] row = (Object[]) entityManager.createNativeQuery("""
                SELECT (SELECT count(*) || ':' || coalesce(max(updated_at)::text, '') FROM product),
                       (SELECT count(*) || ':' || coalesce(sum(subjects), 0) || ':' || coalesce(sum(units), 0)
                            FROM item_popularity)
                """).getSingleResult();
        return new Stamps((String) row[0], (String) row[1]);
    }

    /**
     * A fingerprint of the held features (a row per subject: read only before a training): a new snapshot
     * moves it; a purge after a withdrawal changes the aggregates' stamp instead.
     */
    public String featuresStamp() {
        return (String) entityManager.createNativeQuery(
                "SELECT count(*) || ':' || coalesce(max(updated_at)::text, '') FROM subject_snapshot").getSingleResult();
    }

    /** Every product, by id (the catalog's order, which also breaks ties between equal scores). */
    public List<Product> products() {
        return entityManager.createQuery("FROM Product ORDER BY id", Product.class).getResultList();
    }

    /** Bought and viewed product ids of every subject held, by subject. */
    public List<ItemFeature> itemFeatures(List<String> kinds) {
        return entityManager.unwrap(Session.class).doReturningWork(connection -> {
            try (PreparedStatement select = connection.prepareStatement("""
                    SELECT pseudonym, kind, item, last_seen FROM subject_feature WHERE kind = ANY (?)
                    ORDER BY pseudonym, item, kind
                    """)) {
                select.setArray(1, connection.createArrayOf("varchar", kinds.toArray()));
                select.setFetchSize(10_000);
                List<ItemFeature> rows = new ArrayList<>();
                try (ResultSet result = select.executeQuery()) {
                    while (result.next()) {
                        rows.add(new ItemFeature(result.getString(1), result.getString(2), result.getString(3),
                                result.getTimestamp(4).toInstant()));
                    }
                }
                return rows;
            }
        });
    }
}
