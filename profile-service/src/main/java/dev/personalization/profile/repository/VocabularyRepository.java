package dev.personalization.profile.repository;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Status;
import jakarta.transaction.Synchronization;
import jakarta.transaction.TransactionSynchronizationRegistry;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import org.hibernate.Session;

/**
 * The search vocabulary: catalog products (from catalog.products.v1) and categories seen in consented
 * events. Nothing here is about a subject.
 */
@ApplicationScoped
public class VocabularyRepository {

    /** A category and its terms that share at least one term with a query. */
    public record Entry(String category, List<String> terms) {
    }

    /** Most vocabulary entries one search is matched against. */
    private static final int MAX_MATCHES = 200;

    /** Most seen categories remembered in memory; beyond them, intake simply asks the database again. */
    private static final int MAX_REMEMBERED_CATEGORIES = 10_000;

    private final EntityManager entityManager;
    private final TransactionSynchronizationRegistry transactions;
    /** Categories known to be in seen_category, committed. */
    private final Set<String> seenCategories = ConcurrentHashMap.newKeySet();

    public VocabularyRepository(EntityManager entityManager, TransactionSynchronizationRegistry transactions) {
        this.entityManager = entityManager;
        this.transactions = transactions;
    }

    private Session session() {
        return entityManager.unwrap(Session.class);
    }

    /** The entries (catalog products first, then seen categories) that share a term with {@code terms}. */
    public List<Entry> matching(Collection<String> terms) {
        if (terms.isEmpty()) {
            return List.of();
        }
        return session().doReturningWork(connection -> {
            try (PreparedStatement select = connection.prepareStatement("""
                    (SELECT category, terms FROM catalog_product WHERE terms && ? LIMIT ?)
                    UNION ALL
                    (SELECT category, terms FROM seen_category WHERE terms && ? LIMIT ?)
                    """)) {
                java.sql.Array array = connection.createArrayOf("text", terms.toArray());
                select.setArray(1, array);
                select.setInt(2, MAX_MATCHES);
                select.setArray(3, array);
                select.setInt(4, MAX_MATCHES);
                List<Entry> entries = new ArrayList<>();
                try (ResultSet rows = select.executeQuery()) {
                    while (rows.next()) {
                        entries.add(new Entry(rows.getString(1), List.of((String[]) rows.getArray(2).getArray())));
                    }
                }
                return entries;
            }
        });
    }

    /**
     * Which of the categories are known (in the catalog, or seen in a consented event): one index probe per
     * category asked, however many products share it.
     */
    public Set<String> known(Collection<String> categories) {
        if (categories.isEmpty()) {
            return Set.of();
        }
        return session().doReturningWork(connection -> {
            try (PreparedStatement select = connection.prepareStatement("""
                    SELECT asked.category FROM unnest(?::varchar[]) AS asked(category)
                    WHERE EXISTS (SELECT 1 FROM catalog_product p WHERE p.category = asked.category)
                       OR EXISTS (SELECT 1 FROM seen_category s WHERE s.category = asked.category)
                    """)) {
                select.setArray(1, connection.createArrayOf("varchar", categories.toArray()));
                Set<String> known = new HashSet<>();
                try (ResultSet rows = select.executeQuery()) {
                    while (rows.next()) {
                        known.add(rows.getString(1));
                    }
                }
                return known;
            }
        });
    }

    /**
     * Adds categories (with their path's terms) not yet seen, in one statement; categories this replica saw
     * committed already are skipped without a round trip (seen categories are never deleted).
     */
    public void addSeenCategories(Map<String, Set<String>> categories) {
        // sorted, so that two batches insert in the same order and cannot deadlock
        TreeMap<String, Set<String>> unseen = new TreeMap<>();
        categories.forEach((category, terms) -> {
            if (!seenCategories.contains(category)) {
                unseen.put(category, terms);
            }
        });
        if (unseen.isEmpty()) {
            return;
        }
        String[] names = unseen.keySet().toArray(String[]::new);
        // terms are letters and digits only (Terms), so a space joins them without ambiguity
        String[] terms = unseen.values().stream().map(words -> String.join(" ", words)).toArray(String[]::new);
        session().doWork(connection -> {
            try (PreparedStatement insert = connection.prepareStatement("""
                    INSERT INTO seen_category (category, terms)
                    SELECT u.category, string_to_array(u.terms, ' ') FROM unnest(?::varchar[], ?::text[])
                        WITH ORDINALITY AS u(category, terms, n)
                    ORDER BY u.n
                    ON CONFLICT (category) DO NOTHING
                    """)) {
                insert.setArray(1, connection.createArrayOf("varchar", names));
                insert.setArray(2, connection.createArrayOf("text", terms));
                insert.executeUpdate();
            }
        });
        // remembered once this transaction committed: a rolled-back insert must be tried again
        transactions.registerInterposedSynchronization(new Synchronization() {
            @Override
            public void beforeCompletion() {
            }

            @Override
            public void afterCompletion(int status) {
                if (status == Status.STATUS_COMMITTED
                        && seenCategories.size() + names.length <= MAX_REMEMBERED_CATEGORIES) {
                    seenCategories.addAll(Arrays.asList(names));
                }
            }
        });
    }

    public void upsertProduct(String productId, String category, Set<String> terms, Instant now) {
        session().doWork(connection -> {
            try (PreparedStatement upsert = connection.prepareStatement("""
                    INSERT INTO catalog_product (product_id, category, terms, updated_at) VALUES (?, ?, ?, ?)
                    ON CONFLICT (product_id) DO UPDATE SET category = EXCLUDED.category, terms = EXCLUDED.terms,
                        updated_at = EXCLUDED.updated_at
                    """)) {
                upsert.setString(1, productId);
                upsert.setString(2, category);
                upsert.setArray(3, connection.createArrayOf("text", terms.toArray()));
                upsert.setTimestamp(4, Timestamp.from(now));
                upsert.executeUpdate();
            }
        });
    }

    public void deleteProduct(String productId) {
        session().doWork(connection -> {
            try (PreparedStatement delete = connection.prepareStatement("DELETE FROM catalog_product WHERE product_id = ?")) {
                delete.setString(1, productId);
                delete.executeUpdate();
            }
        });
    }
}
