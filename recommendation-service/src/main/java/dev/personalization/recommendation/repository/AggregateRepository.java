package dev.personalization.recommendation.repository;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.hibernate.Session;

/** The aggregates recommendations rank by: item_popularity and co_purchase, changed by deltas only. */
@ApplicationScoped
public class AggregateRepository {

    /** A product's popularity: distinct subjects, and their capped contributions summed (in 1/1000). */
    public record Popularity(String productId, int subjects, long units) {
    }

    /** A change of one product's popularity. */
    public record PopularityDelta(String productId, int subjects, long units) {
    }

    /** A change of one pair's count of distinct subjects; {@code a < b}. */
    public record PairDelta(String a, String b, int subjects) {
    }

    /** Two products bought together by {@code subjects} distinct subjects. */
    public record Pair(String a, String b, int subjects) {
    }

    private final EntityManager entityManager;

    public AggregateRepository(EntityManager entityManager) {
        this.entityManager = entityManager;
    }

    private Session session() {
        return entityManager.unwrap(Session.class);
    }

    /**
     * Applies the deltas in the caller's transaction, one statement per table, in key order (two transactions
     * changing the same rows lock them in the same order and cannot deadlock), and drops rows no subject
     * contributes to any more.
     */
    public void apply(List<PopularityDelta> popularity, List<PairDelta> pairs) {
        if (popularity.isEmpty() && pairs.isEmpty()) {
            return;
        }
        session().doWork(connection -> {
            if (!popularity.isEmpty()) {
                List<PopularityDelta> sorted = popularity.stream()
                        .sorted(java.util.Comparator.comparing(PopularityDelta::productId)).toList();
                // one statement for all deltas (unnest keeps the arrays' order, so rows are locked in key order)
                try (PreparedStatement upsert = connection.prepareStatement("""
                        INSERT INTO item_popularity (product_id, subjects, units)
                        SELECT * FROM unnest(?::varchar[], ?::int4[], ?::int8[])
                        ON CONFLICT (product_id) DO UPDATE SET subjects = item_popularity.subjects + EXCLUDED.subjects,
                            units = item_popularity.units + EXCLUDED.units
                        """)) {
                    upsert.setArray(1, connection.createArrayOf("varchar",
                            sorted.stream().map(PopularityDelta::productId).toArray()));
                    upsert.setArray(2, connection.createArrayOf("int4",
                            sorted.stream().map(PopularityDelta::subjects).toArray()));
                    upsert.setArray(3, connection.createArrayOf("int8",
                            sorted.stream().map(PopularityDelta::units).toArray()));
                    upsert.executeUpdate();
                }
                try (PreparedStatement clean = connection.prepareStatement(
                        "DELETE FROM item_popularity WHERE product_id = ANY (?) AND subjects <= 0")) {
                    clean.setArray(1, connection.createArrayOf("varchar",
                            popularity.stream().map(PopularityDelta::productId).toArray()));
                    clean.executeUpdate();
                }
            }
            if (!pairs.isEmpty()) {
                List<PairDelta> sorted = pairs.stream().sorted(java.util.Comparator.comparing(PairDelta::a)
                        .thenComparing(PairDelta::b)).toList();
                try (PreparedStatement upsert = connection.prepareStatement("""
                        INSERT INTO co_purchase (item_a, item_b, subjects)
                        SELECT * FROM unnest(?::varchar[], ?::varchar[], ?::int4[])
                        ON CONFLICT (item_a, item_b) DO UPDATE SET subjects = co_purchase.subjects + EXCLUDED.subjects
                        """)) {
                    upsert.setArray(1, connection.createArrayOf("varchar", sorted.stream().map(PairDelta::a).toArray()));
                    upsert.setArray(2, connection.createArrayOf("varchar", sorted.stream().map(PairDelta::b).toArray()));
                    upsert.setArray(3, connection.createArrayOf("int4",
                            sorted.stream().map(PairDelta::subjects).toArray()));
                    upsert.executeUpdate();
                }
                try (PreparedStatement clean = connection.prepareStatement(
                        "DELETE FROM co_purchase WHERE subjects <= 0 AND item_a = ANY (?)")) {
                    clean.setArray(1, connection.createArrayOf("varchar",
                            pairs.stream().map(PairDelta::a).distinct().toArray()));
                    clean.executeUpdate();
                }
            }
        });
    }

    /** Products at least {@code minSubjects} distinct subjects contribute to, most popular first, then by id. */
    public List<Popularity> popular(int minSubjects, int limit) {
        @SuppressWarnings("unchecked")
        List<Object[]> rows = entityManager.createNativeQuery("""
                SELECT product_id, subjects, units FROM item_popularity WHERE subjects >= ?1
                ORDER BY subjects DESC, units DESC, product_id LIMIT ?2
                """).setParameter(1, minSubjects).setParameter(2, limit).getResultList();
        List<Popularity> popular = new ArrayList<>(rows.size());
        for (Object[] row : rows) {
            popular.add(new Popularity((String) row[0], ((Number) row[1]).intValue(), ((Number) row[2]).longValue()));
        }
        return popular;
    }

    /** Pairs with one of the products that at least {@code minSubjects} distinct subjects bought together. */
    public List<Pair> neighbours(Collection<String> products, int minSubjects) {
        if (products.isEmpty()) {
            return List.of();
        }
        return session().doReturningWork(connection -> {
            try (PreparedStatement select = connection.prepareStatement("""
                    SELECT item_a, item_b, subjects FROM co_purchase
                    WHERE (item_a = ANY (?) OR item_b = ANY (?)) AND subjects >= ?
                    ORDER BY subjects DESC, item_a, item_b
                    """)) {
                java.sql.Array array = connection.createArrayOf("varchar", products.toArray());
                select.setArray(1, array);
                select.setArray(2, array);
                select.setInt(3, minSubjects);
                List<Pair> pairs = new ArrayList<>();
                try (ResultSet result = select.executeQuery()) {
                    while (result.next()) {
                        pairs.add(new Pair(result.getString(1), result.getString(2), result.getInt(3)));
                    }
                }
                return pairs;
            }
        });
    }

    /** Every popularity row, by product id: for comparing with a recomputation. */
    public Map<String, Popularity> allPopularity() {
        @SuppressWarnings("unchecked")
        List<Object[]> rows = entityManager.createNativeQuery(
                "SELECT product_id, subjects, units FROM item_popularity").getResultList();
        Map<String, Popularity> all = new HashMap<>();
        for (Object[] row : rows) {
            all.put((String) row[0], new Popularity((String) row[0], ((Number) row[1]).intValue(),
                    ((Number) row[2]).longValue()));
        }
        return all;
    }

    /** Every pair row, keyed "a b". */
    public Map<String, Integer> allPairs() {
        @SuppressWarnings("unchecked")
        List<Object[]> rows = entityManager.createNativeQuery("SELECT item_a, item_b, subjects FROM co_purchase")
                .getResultList();
        Map<String, Integer> all = new HashMap<>();
        for (Object[] row : rows) {
            all.put(row[0] + " " + row[1], ((Number) row[2]).intValue());
        }
        return all;
    }
}
