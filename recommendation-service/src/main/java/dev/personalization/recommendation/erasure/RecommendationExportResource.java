package dev.personalization.recommendation.erasure;

import dev.personalization.consentview.erasure.SubjectExport;
import dev.personalization.consentview.service.ConsentViewService;
import dev.personalization.kit.security.SubjectPseudonyms;
import dev.personalization.kit.security.Subjects;
import dev.personalization.recommendation.repository.FeatureRepository;
import dev.personalization.recommendation.repository.FeatureRepository.FeatureRow;
import dev.personalization.recommendation.service.Aggregates;
import dev.personalization.recommendation.service.RecommendationCache;
import jakarta.annotation.security.RolesAllowed;
import jakarta.transaction.Transactional;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.eclipse.microprofile.jwt.JsonWebToken;

/**
 * recommendation-service's part of the shopper's export: the features held (from profile-service's
 * snapshots), the last snapshot version applied, the consent view, and what the shopper's features add to
 * the aggregates, and the recommendation answers cached for the shopper (as rendered JSON, per limit).
 * 503 while the consent view catches up.
 */
@Path("/api/recommendations/me/export")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed("user")
public class RecommendationExportResource {

    public record Feature(String purpose, String kind, String item, double weight, long consentVersion,
            Instant lastSeen, Instant expiresAt) {
    }

    public record Consent(String purpose, String state, long consentVersion, int purposeVersion, Instant decidedAt,
            Instant expiresAt) {
    }

    /**
     * @param popularity per product, the capped units the shopper's features add to its popularity
     * @param coPurchases the pairs of products the shopper counts towards ("a b")
     */
    public record Contribution(Map<String, Long> popularity, Set<String> coPurchases) {
    }

    public record RecommendationExport(List<Feature> features, Long featureSnapshotVersion, List<Consent> consents,
            Contribution aggregateContributions, Map<String, String> cachedRecommendations) {
    }

    private final FeatureRepository features;
    private final Aggregates aggregates;
    private final ConsentViewService consents;
    private final SubjectPseudonyms pseudonyms;
    private final JsonWebToken token;
    private final Clock clock;
    private final RecommendationCache cache;

    public RecommendationExportResource(FeatureRepository features, Aggregates aggregates, ConsentViewService consents,
            SubjectPseudonyms pseudonyms, JsonWebToken token, Clock clock, RecommendationCache cache) {
        this.cache = cache;
        this.features = features;
        this.aggregates = aggregates;
        this.consents = consents;
        this.pseudonyms = pseudonyms;
        this.token = token;
        this.clock = clock;
    }

    @GET
    @Transactional
    public SubjectExport export() {
        String pseudonym = pseudonyms.of(Subjects.of(token));
        Instant now = clock.instant();
        List<Consent> view = consents.current(pseudonym, now).stream()
                .map(c -> new Consent(c.view().purpose, c.effectiveState(), c.view().consentVersion,
                        c.view().purposeVersion, c.view().decidedAt, c.view().expiresAt))
                .toList();
        List<FeatureRow> held = features.forPseudonym(pseudonym);
        Aggregates.Contribution contribution = aggregates.contribution(held);
        Long snapshot = features.snapshotVersion(pseudonym).stream().boxed().findFirst().orElse(null);
        return new SubjectExport("recommendation-service", true, now, new RecommendationExport(
                held.stream().map(f -> new Feature(f.purpose(), f.kind(), f.item(), f.weight(), f.consentVersion(),
                        f.lastSeen(), f.expiresAt())).toList(),
                snapshot, view,
                new Contribution(contribution.popularity(), new java.util.TreeSet<>(contribution.pairs())), cache.answersOf(pseudonym)));
    }
}
