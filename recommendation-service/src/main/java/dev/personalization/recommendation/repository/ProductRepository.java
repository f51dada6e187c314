package dev.personalization.recommendation.repository;

import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Timestamp;
import java.util.List;

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

    /**
     * Creates the product or replaces every field of the existing one, in one statement so that two
     * partners pushing the same new id cannot both try to insert it.
     *
     * @return true when the product did not exist before
     */
    public boolean upsert(Product product) {
        Object inserted = getEntityManager().createNativeQuery("""
                INSERT INTO product (id, title, category_path, price, terms, updated_at)
                VALUES (?1, ?2, ?3, ?4, ?5, ?6)
                ON CONFLICT (id) DO UPDATE SET
                    title = EXCLUDED.title,
                    category_path = EXCLUDED.category_path,
                    price = EXCLUDED.price,
                    terms = EXCLUDED.terms,
                    updated_at = EXCLUDED.updated_at
                RETURNING (xmax = 0)
                """)
                .setParameter(1, product.id)
                .setParameter(2, product.title)
                .setParameter(3, product.categoryPath)
                .setParameter(4, product.price)
                .setParameter(5, product.terms)
                .setParameter(6, Timestamp.from(product.updatedAt))
                .getSingleResult();
        return Boolean.TRUE.equals(inserted);
    }
}
