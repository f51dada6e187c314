package dev.personalization.recommendation.repository;

import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

@ApplicationScoped
public class ProductRepository implements PanacheRepositoryBase<Product, String> {

    public List<Product> page(int limit) {
        return find("order by id").page(0, limit).list();
    }

    /**
     * Products in the category or below it: {@code electronics} matches {@code electronics/audio} but
     * not {@code electronics-outlet}. The category is validated to hold no LIKE wildcards.
     */
    public List<Product> inCategory(String category, int limit) {
        return find("categoryPath = ?1 or categoryPath like ?2 order by id", category, category + "/%")
                .page(0, limit).list();
    }

    /** What an upsert did. */
    public enum Upsert { CREATED, REPLACED, OWNED_BY_ANOTHER }

    /**
     * Creates the product or replaces every field of the existing one, in one statement so that two
     * partners pushing the same new id cannot both try to insert it. A product another partner owns is left
     * alone (a row from before ownership existed is claimed).
     */
    public Upsert upsert(Product product) {
        @SuppressWarnings("unchecked")
        List<Object> inserted = getEntityManager().createNativeQuery("""
                INSERT INTO product (id, title, category_path, price, terms, updated_at, owner, sensitive)
                VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)
                ON CONFLICT (id) DO UPDATE SET
                    title = EXCLUDED.title,
                    category_path = EXCLUDED.category_path,
                    price = EXCLUDED.price,
                    terms = EXCLUDED.terms,
                    updated_at = EXCLUDED.updated_at,
                    owner = EXCLUDED.owner,
                    sensitive = EXCLUDED.sensitive
                WHERE product.owner IS NULL OR product.owner = EXCLUDED.owner
                RETURNING (xmax = 0)
                """)
                .setParameter(1, product.id)
                .setParameter(2, product.title)
                .setParameter(3, product.categoryPath)
                .setParameter(4, product.price)
                .setParameter(5, product.terms)
                .setParameter(6, Timestamp.from(product.updatedAt))
                .setParameter(7, product.owner)
                .setParameter(8, product.sensitive)
                .getResultList();
        if (inserted.isEmpty()) {
            return Upsert.OWNED_BY_ANOTHER;
        }
        return Boolean.TRUE.equals(inserted.get(0)) ? Upsert.CREATED : Upsert.REPLACED;
    }

    public Map<String, Product> byIds(Collection<String> ids) {
        if (ids.isEmpty()) {
            return Map.of();
        }
        Map<String, Product> found = new HashMap<>();
        for (Product product : list("id in ?1", ids)) {
            found.put(product.id, product);
        }
        return found;
    }

    /** Products neither sensitive nor among {@code excluded}, by id: the catalog's own neutral order. */
    public List<Product> neutral(int limit) {
        return find("sensitive = false order by id").page(0, limit).list();
    }

    /** Non-sensitive products in the category or below it. */
    public List<Product> neutralInCategory(String category, int limit) {
        return find("sensitive = false and (categoryPath = ?1 or categoryPath like ?2) order by id", category,
                category + "/%").page(0, limit).list();
    }

    /** A search hit and its text-search relevance. */
    public record Hit(String productId, double rank) {
    }

    /**
     * Full-text search over title, category and terms ({@code websearch_to_tsquery}, so any text is a valid
     * query), relevance first, then id; at most {@code limit} hits.
     */
    public List<Hit> search(String query, int limit) {
        @SuppressWarnings("unchecked")
        List<Object[]> rows = getEntityManager().createNativeQuery("""
                SELECT id, ts_rank(search_doc, q) AS rank
                FROM product, websearch_to_tsquery('english', ?1) q
                WHERE search_doc @@ q
                ORDER BY rank DESC, id
                LIMIT ?2
                """).setParameter(1, query).setParameter(2, limit).getResultList();
        List<Hit> hits = new ArrayList<>(rows.size());
        for (Object[] row : rows) {
            hits.add(new Hit((String) row[0], ((Number) row[1]).doubleValue()));
        }
        return hits;
    }
}
