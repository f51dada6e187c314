package dev.personalization.recommendation.mapping;

import dev.personalization.recommendation.repository.DealRepository.DealRow;
import dev.personalization.recommendation.rest.ApiModels.DealItemResponse;
import dev.personalization.recommendation.rest.ApiModels.DealResponse;
import dev.personalization.recommendation.rest.ApiModels.DealsResponse;
import dev.personalization.recommendation.rest.ApiModels.ItemResponse;
import dev.personalization.recommendation.rest.ApiModels.ReasonResponse;
import dev.personalization.recommendation.rest.ApiModels.RecommendationsResponse;
import dev.personalization.recommendation.rest.ApiModels.SearchResponse;
import dev.personalization.recommendation.service.Personalization;
import dev.personalization.recommendation.service.Reason;
import dev.personalization.recommendation.service.Recommender.Pick;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;

/** The outputs as the API shows them: products with their reasons, never an entity. */
@ApplicationScoped
public class OutputMapper {

    public RecommendationsResponse recommendations(Personalization.Recommendations recommendations) {
        return new RecommendationsResponse(recommendations.personalized(), items(recommendations.buyAgain()),
                items(recommendations.discover()));
    }

    public SearchResponse search(Personalization.Results results) {
        return new SearchResponse(results.personalized(), items(results.results()));
    }

    public DealsResponse deals(Personalization.Deals deals) {
        return new DealsResponse(deals.personalized(), deals.deals().stream().map(pick -> new DealItemResponse(
                pick.deal().id(),
                pick.product() == null ? null : item(new Pick(pick.product(), List.of())),
                pick.product() == null ? pick.deal().category() : pick.product().categoryPath,
                pick.deal().percentOff(), pick.deal().validUntil(), reasons(pick.reasons()))).toList());
    }

    public DealResponse deal(DealRow deal) {
        return new DealResponse(deal.id(), deal.productId(), deal.category(), deal.percentOff(), deal.validFrom(),
                deal.validUntil(), deal.updatedAt());
    }

    private List<ItemResponse> items(List<Pick> picks) {
        return picks.stream().map(this::item).toList();
    }

    private ItemResponse item(Pick pick) {
        return new ItemResponse(pick.product().id, pick.product().title, pick.product().categoryPath,
                pick.product().price, reasons(pick.reasons()));
    }

    private static List<ReasonResponse> reasons(List<Reason> reasons) {
        return reasons.stream().map(r -> new ReasonResponse(r.purpose(), r.dataCategory(), r.text())).toList();
    }
}
