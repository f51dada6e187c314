package dev.personalization.recommendation.service;

import dev.personalization.kit.problem.ProblemException;
import dev.personalization.recommendation.repository.Product;
import dev.personalization.recommendation.repository.ProductRepository;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/** The product catalog: what partners push, checked field by field before it is stored. */
@ApplicationScoped
public class CatalogService {

    static final Pattern PRODUCT_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");
    static final Pattern CATEGORY = Pattern.compile("[a-z0-9]+(-[a-z0-9]+)*(/[a-z0-9]+(-[a-z0-9]+)*){0,7}");
    static final Pattern TERM = Pattern.compile("[\\p{L}\\p{N}]+(-[\\p{L}\\p{N}]+)*");
    static final int MAX_TITLE = 200;
    static final int MAX_CATEGORY = 200;
    static final int MAX_TERM = 40;
    static final int MAX_TERMS = 64;
    static final BigDecimal MAX_PRICE = new BigDecimal("9999999999.99");

    /** A product as a partner describes it; checked by {@link #put}. */
    public record ProductDraft(String id, String title, String category, BigDecimal price, List<String> terms,
            Boolean sensitive) {
    }

    public record Saved(Product product, boolean created) {
    }

    private final ProductRepository products;
    private final CatalogEvents events;
    private final Clock clock;

    public CatalogService(ProductRepository products, CatalogEvents events, Clock clock) {
        this.products = products;
        this.events = events;
        this.clock = clock;
    }

    /**
     * Creates or replaces the product for its owner (the partner's token subject); 403 when another partner
     * owns it. Its vocabulary goes into the outbox in the same transaction.
     */
    @Transactional
    public Saved put(String id, ProductDraft draft, String owner) {
        return save(checked(id, draft), owner, clock.instant().truncatedTo(ChronoUnit.MICROS), "");
    }

    /**
     * Creates or replaces every product, or none: the first invalid one is refused with a problem whose
     * field names its index ({@code [3].price}), and the transaction rolls back.
     */
    @Transactional
    public List<Saved> putAll(List<ProductDraft> drafts, String owner) {
        List<Product> checked = new java.util.ArrayList<>(drafts.size());
        Set<String> ids = new java.util.HashSet<>();
        for (int i = 0; i < drafts.size(); i++) {
            ProductDraft draft = drafts.get(i);
            if (draft == null) {
                throw ProblemException.invalid("[" + i + "]", "[" + i + "] must be a product object");
            }
            try {
                checked.add(checked(draft.id(), draft));
            } catch (ProblemException e) {
                String field = "[" + i + "]." + e.problem().field();
                throw ProblemException.invalid(field, "[" + i + "]: " + e.getMessage());
            }
            if (!ids.add(draft.id())) {
                throw ProblemException.invalid("[" + i + "].id", "[" + i + "].id repeats an id earlier in the list");
            }
        }
        Instant now = clock.instant().truncatedTo(ChronoUnit.MICROS);
        List<Saved> saved = new java.util.ArrayList<>(checked.size());
        for (int i = 0; i < checked.size(); i++) {
            saved.add(save(checked.get(i), owner, now, "[" + i + "]."));
        }
        return saved;
    }

    private Saved save(Product product, String owner, Instant now, String prefix) {
        product.owner = owner;
        product.updatedAt = now;
        ProductRepository.Upsert upsert = products.upsert(product);
        if (upsert == ProductRepository.Upsert.OWNED_BY_ANOTHER) {
            throw new ProblemException(dev.personalization.kit.problem.ProblemType.FORBIDDEN,
                    prefix + "id: this product belongs to another partner", prefix + "id");
        }
        events.productChanged(product, now);
        return new Saved(product, upsert == ProductRepository.Upsert.CREATED);
    }

    private static Product checked(String id, ProductDraft draft) {
        if (id == null || !PRODUCT_ID.matcher(id).matches()) {
            throw ProblemException.invalid("id",
                    "id must be 1 to 64 letters, digits, '.', '_' or '-', starting with a letter or digit");
        }
        Product product = new Product();
        product.id = id;
        product.title = title(draft.title());
        product.categoryPath = category(draft.category(), "category");
        product.price = price(draft.price());
        product.terms = String.join(" ", terms(draft.terms()));
        product.sensitive = Boolean.TRUE.equals(draft.sensitive());
        return product;
    }

    @Transactional
    public Optional<Product> find(String id) {
        return id == null || !PRODUCT_ID.matcher(id).matches() ? Optional.empty() : products.findByIdOptional(id);
    }

    /** Products in the category (and below it), or all of them; at most {@code limit}, by id. */
    @Transactional
    public List<Product> list(Optional<String> category, int limit) {
        return category.map(c -> products.inCategory(c, limit)).orElseGet(() -> products.page(limit));
    }

    /** A valid category path, or a problem naming {@code field}. */
    public static String category(String category, String field) {
        if (category == null || category.isBlank()) {
            throw ProblemException.invalid(field, field + " is required");
        }
        if (category.length() > MAX_CATEGORY || !CATEGORY.matcher(category).matches()) {
            throw ProblemException.invalid(field, field + " must be a path of 1 to 8 lowercase segments "
                    + "(letters, digits, '-') separated by '/', at most " + MAX_CATEGORY + " characters");
        }
        return category;
    }

    private static String title(String title) {
        if (title == null || title.isBlank()) {
            throw ProblemException.invalid("title", "title is required");
        }
        String trimmed = title.strip();
        if (trimmed.length() > MAX_TITLE) {
            throw ProblemException.invalid("title", "title must have at most " + MAX_TITLE + " characters");
        }
        if (trimmed.chars().anyMatch(Character::isISOControl)) {
            throw ProblemException.invalid("title", "title must not contain control characters");
        }
        return trimmed;
    }

    private static BigDecimal price(BigDecimal price) {
        if (price == null) {
            throw ProblemException.invalid("price", "price is required");
        }
        if (price.signum() < 0 || price.compareTo(MAX_PRICE) > 0) {
            throw ProblemException.invalid("price", "price must be between 0 and " + MAX_PRICE);
        }
        if (price.stripTrailingZeros().scale() > 2) {
            throw ProblemException.invalid("price", "price must have at most 2 decimal places");
        }
        return price.setScale(2);
    }

    private static List<String> terms(List<String> terms) {
        if (terms == null) {
            return List.of();
        }
        if (terms.size() > MAX_TERMS) {
            throw ProblemException.invalid("terms", "terms must have at most " + MAX_TERMS + " entries");
        }
        Set<String> distinct = new LinkedHashSet<>();
        for (int i = 0; i < terms.size(); i++) {
            String term = terms.get(i);
            if (term == null || term.length() > MAX_TERM || !TERM.matcher(term).matches()) {
                throw ProblemException.invalid("terms[" + i + "]", "terms[" + i + "] must be one word of 1 to "
                        + MAX_TERM + " letters or digits (inner '-' allowed)");
            }
            distinct.add(term.toLowerCase(Locale.ROOT));
        }
        return List.copyOf(distinct);
    }
}
