package dev.personalization.recommendation.service;

import dev.personalization.kit.problem.ProblemException;
import dev.personalization.kit.problem.ProblemType;
import dev.personalization.recommendation.repository.DealRepository;
import dev.personalization.recommendation.repository.DealRepository.DealRow;
import dev.personalization.recommendation.repository.ProductRepository;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

/** Promotions partners publish: checked field by field, owned by the partner that created them. */
@ApplicationScoped
public class DealService {

    /** A promotion as a partner describes it: exactly one of productId and category. */
    public record DealDraft(String productId, String category, Integer percentOff, Instant validFrom,
            Instant validUntil) {
    }

    public record Saved(DealRow deal, boolean created) {
    }

    private final DealRepository deals;
    private final ProductRepository products;
    private final Clock clock;

    public DealService(DealRepository deals, ProductRepository products, Clock clock) {
        this.deals = deals;
        this.products = products;
        this.clock = clock;
    }

    @Transactional
    public Saved put(String id, DealDraft draft, String owner) {
        if (id == null || !CatalogService.PRODUCT_ID.matcher(id).matches()) {
            throw ProblemException.invalid("id",
                    "id must be 1 to 64 letters, digits, '.', '_' or '-', starting with a letter or digit");
        }
        if ((draft.productId() == null) == (draft.category() == null)) {
            throw ProblemException.invalid("productId", "productId or category is required, not both");
        }
        String category = null;
        if (draft.productId() != null) {
            if (!CatalogService.PRODUCT_ID.matcher(draft.productId()).matches()
                    || products.findByIdOptional(draft.productId()).isEmpty()) {
                throw ProblemException.invalid("productId", "productId must name a product of the catalog");
            }
        } else {
            category = CatalogService.category(draft.category(), "category");
        }
        if (draft.percentOff() == null || draft.percentOff() < 1 || draft.percentOff() > 90) {
            throw ProblemException.invalid("percentOff", "percentOff must be a whole number from 1 to 90");
        }
        if (draft.validFrom() == null) {
            throw ProblemException.invalid("validFrom", "validFrom is required");
        }
        if (draft.validUntil() == null || !draft.validUntil().isAfter(draft.validFrom())) {
            throw ProblemException.invalid("validUntil", "validUntil is required and must be after validFrom");
        }
        Instant now = clock.instant().truncatedTo(ChronoUnit.MICROS);
        DealRow row = new DealRow(id, owner, draft.productId(), category, draft.percentOff(),
                draft.validFrom().truncatedTo(ChronoUnit.MICROS), draft.validUntil().truncatedTo(ChronoUnit.MICROS), now);
        DealRepository.Upsert upsert = deals.upsert(row);
        if (upsert == DealRepository.Upsert.OWNED_BY_ANOTHER) {
            throw new ProblemException(ProblemType.FORBIDDEN, "this deal belongs to another partner", "id");
        }
        return new Saved(row, upsert == DealRepository.Upsert.CREATED);
    }
}
