package dev.personalization.recommendation.service;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.personalization.contracts.CatalogProductV1;
import dev.personalization.contracts.EventEnvelope;
import dev.personalization.contracts.Topics;
import dev.personalization.recommendation.repository.CatalogOutboxRepository;
import dev.personalization.recommendation.repository.Product;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.transaction.Transactional;
import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.UUID;

/**
 * Writes a product's vocabulary (category path, terms from its title and tags; no price) into the outbox
 * in the transaction that stored the product; {@link CatalogOutboxRelay} sends it on catalog.products.v1,
 * keyed by product id, after the commit.
 */
@ApplicationScoped
public class CatalogEvents {

    static final String SOURCE = "recommendation-service";
    static final int MAX_TERMS = 64;

    /** Fired inside the writing transaction; an observer after its commit wakes the relay. */
    public record Written() {
    }

    private final CatalogOutboxRepository outbox;
    private final ObjectMapper json;
    private final Event<Written> written;

    public CatalogEvents(CatalogOutboxRepository outbox, ObjectMapper json, Event<Written> written) {
        this.outbox = outbox;
        this.json = json;
        this.written = written;
    }

    @Transactional(Transactional.TxType.MANDATORY)
    public void productChanged(Product product, Instant now) {
        CatalogProductV1 data = new CatalogProductV1(product.id, product.categoryPath, terms(product));
        EventEnvelope<CatalogProductV1> event = new EventEnvelope<>(UUID.randomUUID(), CatalogProductV1.TYPE, SOURCE,
                now, null, CatalogProductV1.SCHEMA_VERSION, data);
        try {
            outbox.replace(event.id(), Topics.CATALOG_PRODUCTS, product.id, json.writeValueAsString(event), now);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("catalog event not serializable", e);
        }
        written.fire(new Written());
    }

    /** The title's words (letters and digits, two or more) and the tags, lowercase, at most 64. */
    static List<String> terms(Product product) {
        Set<String> terms = new LinkedHashSet<>();
        for (String word : product.title.toLowerCase(Locale.ROOT).split("[^\\p{L}\\p{N}]+")) {
            if (word.length() >= 2 && word.length() <= CatalogService.MAX_TERM) {
                terms.add(word);
            }
        }
        if (!product.terms.isBlank()) {
            terms.addAll(List.of(product.terms.split(" ")));
        }
        return terms.stream().limit(MAX_TERMS).toList();
    }
}
