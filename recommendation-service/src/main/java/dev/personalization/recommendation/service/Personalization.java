package dev.personalization.recommendation.service;

import dev.personalization.consentview.service.ConsentViewService;
import dev.personalization.contracts.ConsentDecisionV1;
import dev.personalization.recommendation.config.RecommendationConfig;
import dev.personalization.recommendation.repository.DealRepository;
import dev.personalization.recommendation.repository.DealRepository.DealRow;
import dev.personalization.recommendation.repository.FeatureRepository;
import dev.personalization.recommendation.repository.FeatureRepository.FeatureRow;
import dev.personalization.recommendation.repository.Product;
import dev.personalization.recommendation.repository.ProductRepository;
import dev.personalization.recommendation.repository.ProductRepository.Hit;
import dev.personalization.recommendation.repository.SubjectStateRepository;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * The three outputs, each under its own purpose: recommendations (browsing and purchases), deals
 * (purchases), search re-ranking (search). Each reads only the features of the purposes it serves that are
 * granted now under the version they were stamped with; without them it answers what everyone gets.
 */
@ApplicationScoped
public class Personalization {

    public record Recommendations(boolean personalized, List<Recommender.Pick> buyAgain, List<Recommender.Pick> discover) {
    }

    public record DealPick(DealRow deal, Product product, List<Reason> reasons) {
    }

    public record Deals(boolean personalized, List<DealPick> deals) {
    }

    public record Results(boolean personalized, List<Recommender.Pick> results) {
    }

    static final Set<String> RECOMMENDATION_PURPOSES = Set.of(FeatureKinds.BROWSING, FeatureKinds.PURCHASES);
    static final int SEARCH_POOL = 200;
    static final double SEARCH_BOOST = 0.5;
    static final double MAX_SEARCH_BOOST = 4;

    private final ConsentViewService consents;
    private final FeatureRepository features;
    private final ProductRepository products;
    private final DealRepository deals;
    private final Recommender recommender;
    private final RecommendationModel models;
    private final RecommendationCache cache;
    private final SubjectStateCache subjects;
    private final Duration maxAge;
    private final Clock clock;

    public Personalization(ConsentViewService consents, FeatureRepository features, ProductRepository products,
            DealRepository deals, Recommender recommender, RecommendationModel models, RecommendationCache cache,
            SubjectStateCache subjects, RecommendationConfig config, Clock clock) {
        this.consents = consents;
        this.features = features;
        this.products = products;
        this.deals = deals;
        this.recommender = recommender;
        this.models = models;
        this.cache = cache;
        this.subjects = subjects;
        this.maxAge = config.cache().maxAge();
        this.clock = clock;
    }

    /** The purposes the shopper has granted now, with their consent versions, and when the first grant lapses. */
    record Grants(Map<String, Long> versions, Instant lapses) {
        boolean none() {
            return versions.isEmpty();
        }
    }

    /** The shopper's grants among these purposes; 503 while the consent view is catching up. */
    Grants grants(String pseudonym, Set<String> purposes, Instant now) {
        Map<String, Long> granted = new TreeMap<>();
        Instant lapses = Instant.MAX;
        for (ConsentViewService.CurrentConsent consent : consents.current(pseudonym, now)) {
            if (ConsentDecisionV1.GRANTED.equals(consent.effectiveState()) && purposes.contains(consent.view().purpose)) {
                granted.put(consent.view().purpose, consent.view().consentVersion);
                if (consent.view().expiresAt != null && consent.view().expiresAt.isBefore(lapses)) {
                    lapses = consent.view().expiresAt;
                }
            }
        }
        return new Grants(granted, lapses);
    }

    /**
     * The features of these purposes the shopper has granted now, each under the current granted version;
     * 503 while the consent view is catching up (whatever the outcome would be).
     */
    @Transactional
    public ShopperFeatures usable(String pseudonym, Set<String> purposes) {
        Instant now = clock.instant();
        return usable(pseudonym, grants(pseudonym, purposes, now), now);
    }

    private ShopperFeatures usable(String pseudonym, Grants grants, Instant now) {
        if (grants.none()) {
            return ShopperFeatures.NONE;
        }
        List<FeatureRow> usable = features.forPseudonym(pseudonym).stream()
                .filter(f -> Long.valueOf(f.consentVersion()).equals(grants.versions().get(f.purpose())))
                .filter(f -> f.expiresAt().isAfter(now))
                .toList();
        return new ShopperFeatures(usable);
    }

    /**
     * Recommendations rendered by {@code render}, from the cache when nothing they depend on changed: the
     * model, the grants of browsing and purchases with their versions, the subject's snapshot version (held
     * in memory by {@link SubjectStateCache}, else one query, no transaction); a miss reads the features and
     * ranks in a transaction of its own.
     */
    public byte[] recommendations(String pseudonym, int limit, Function<Recommendations, byte[]> render) {
        consents.requireCaughtUp();
        Instant now = clock.instant();
        SubjectStateRepository.SubjectState state = subjects.read(pseudonym);
        Map<String, Long> granted = new TreeMap<>();
        Instant lapses = Instant.MAX;
        for (SubjectStateRepository.ConsentRow consent : state.consents()) {
            // the consent view's rule: a grant past its expiry is expired, whether or not the event came
            boolean grantedNow = ConsentDecisionV1.GRANTED.equals(consent.state())
                    && (consent.expiresAt() == null || consent.expiresAt().isAfter(now));
            if (grantedNow && RECOMMENDATION_PURPOSES.contains(consent.purpose())) {
                granted.put(consent.purpose(), consent.consentVersion());
                lapses = consent.expiresAt() != null && consent.expiresAt().isBefore(lapses) ? consent.expiresAt() : lapses;
            }
        }
        Grants grants = new Grants(granted, lapses);
        RecommendationModel.Snapshot model = models.current();
        String key = grants.none() ? "*/" + limit : pseudonym + "/" + limit;
        String stamp = grants.none() ? Long.toString(model.version())
                : model.version() + "/" + state.snapshotVersion() + "/" + granted;
        byte[] cached = cache.get(key, stamp, now);
        if (cached != null) {
            return cached;
        }
        return QuarkusTransaction.requiringNew().call(() -> {
            ShopperFeatures profile = usable(pseudonym, grants, now);
            List<Recommender.Pick> buyAgain = recommender.buyAgain(model, profile, limit);
            List<Recommender.Pick> discover = recommender.discover(model, profile, limit);
            byte[] body = render.apply(new Recommendations(personal(buyAgain) || personal(discover), buyAgain, discover));
            Instant validUntil = grants.lapses().isBefore(now.plus(maxAge)) ? grants.lapses() : now.plus(maxAge);
            for (FeatureRow feature : profile.features()) {
                validUntil = feature.expiresAt().isBefore(validUntil) ? feature.expiresAt() : validUntil;
            }
            cache.put(key, stamp, validUntil, body);
            return body;
        });
    }

    /**
     * Active promotions. With purchases: first those in the categories the shopper buys (a product deal
     * also in a price band they buy), never on the product they bought most recently nor on a sensitive
     * product; then the others. Without: every active promotion, most generous first.
     */
    @Transactional
    public Deals deals(String pseudonym, int limit) {
        ShopperFeatures profile = usable(pseudonym, Set.of(FeatureKinds.PURCHASES));
        Instant now = clock.instant();
        List<DealRow> active = deals.active(now);
        Map<String, Product> targets = products.byIds(active.stream().map(DealRow::productId)
                .filter(java.util.Objects::nonNull).toList());
        List<FeatureRow> categories = profile.ofKind(FeatureKinds.PURCHASED_CATEGORY);
        Set<String> bands = new HashSet<>();
        profile.ofKind(FeatureKinds.PRICE_BAND).forEach(f -> bands.add(f.item()));
        Set<String> justBought = justBought(profile.ofKind(FeatureKinds.PURCHASED_PRODUCT));
        List<DealPick> matched = new ArrayList<>();
        List<DealPick> others = new ArrayList<>();
        Map<DealPick, Double> weights = new HashMap<>();
        for (DealRow deal : active) {
            Product product = deal.productId() == null ? null : targets.get(deal.productId());
            if (deal.productId() != null && product == null) {
                continue; // a deal on a product the catalog no longer has
            }
            if (product != null && justBought.contains(product.id)) {
                continue;
            }
            String target = product != null ? product.categoryPath : deal.category();
            FeatureRow category = categories.stream().filter(c -> related(c.item(), target)).findFirst().orElse(null);
            boolean inBand = product == null || bands.contains(FeatureKinds.priceBand(product.price));
            if (category != null && inBand && (product == null || !product.sensitive)) {
                List<Reason> reasons = new ArrayList<>();
                reasons.add(new Reason(FeatureKinds.PURCHASES, "purchase history",
                        "you often buy " + Categories.lastSegment(category.item())));
                if (product != null) {
                    reasons.add(new Reason(FeatureKinds.PURCHASES, "purchase history",
                            "in the price range you usually buy"));
                }
                DealPick pick = new DealPick(deal, product, reasons);
                matched.add(pick);
                weights.put(pick, category.weight());
            } else {
                others.add(new DealPick(deal, product, List.of(new Reason(null, "promotions", "a current offer for everyone"))));
            }
        }
        matched.sort(Comparator.comparingDouble((DealPick p) -> weights.get(p)).reversed()
                .thenComparing(p -> -p.deal().percentOff()).thenComparing(p -> p.deal().id()));
        List<DealPick> all = new ArrayList<>(matched);
        all.addAll(others);
        List<DealPick> page = all.subList(0, Math.min(limit, all.size()));
        return new Deals(page.stream().anyMatch(p -> p.reasons().get(0).personal()), List.copyOf(page));
    }

    /** The products bought on the latest day any purchase is known for: "the item they just bought". */
    static Set<String> justBought(List<FeatureRow> purchased) {
        Instant latest = purchased.stream().map(FeatureRow::lastSeen).max(Comparator.naturalOrder()).orElse(null);
        Set<String> items = new HashSet<>();
        purchased.stream().filter(f -> f.lastSeen().equals(latest)).forEach(f -> items.add(f.item()));
        return items;
    }

    static boolean related(String bought, String target) {
        return bought.equals(target) || bought.startsWith(target + "/") || target.startsWith(bought + "/");
    }

    /**
     * Full-text search, relevance first; with search, re-ranked by the catalog terms and categories the
     * shopper's earlier searches matched (never for a sensitive product). The query is never logged or kept.
     */
    @Transactional
    public Results search(String pseudonym, String query, int limit) {
        ShopperFeatures profile = usable(pseudonym, Set.of(FeatureKinds.SEARCH));
        List<Hit> hits = products.search(query, Math.max(limit, SEARCH_POOL));
        Map<String, Product> found = products.byIds(hits.stream().map(Hit::productId).toList());
        List<FeatureRow> terms = profile.ofKind(FeatureKinds.SEARCH_TERM);
        List<FeatureRow> categories = profile.ofKind(FeatureKinds.SEARCH_CATEGORY);
        Reason relevant = new Reason(null, "catalog", "matches your search");
        record Scored(Recommender.Pick pick, double score, int position) {
        }
        List<Scored> scored = new ArrayList<>();
        for (int i = 0; i < hits.size(); i++) {
            Product product = found.get(hits.get(i).productId());
            if (product == null) {
                continue;
            }
            double boost = 0;
            List<Reason> reasons = new ArrayList<>(List.of(relevant));
            if (!product.sensitive && !profile.isEmpty()) {
                Set<String> words = words(product);
                for (FeatureRow term : terms) {
                    if (words.contains(term.item())) {
                        boost += term.weight();
                        reasons.add(new Reason(FeatureKinds.SEARCH, "search history",
                                "you searched for " + term.item() + " before"));
                        break;
                    }
                }
                for (FeatureRow category : categories) {
                    if (Categories.within(product.categoryPath, category.item())) {
                        boost += category.weight();
                        reasons.add(new Reason(FeatureKinds.SEARCH, "search history",
                                "you searched in " + Categories.lastSegment(category.item()) + " before"));
                        break;
                    }
                }
            }
            double score = hits.get(i).rank() * (1 + SEARCH_BOOST * Math.min(boost, MAX_SEARCH_BOOST));
            scored.add(new Scored(new Recommender.Pick(product, List.copyOf(reasons)), score, i));
        }
        scored.sort(Comparator.comparingDouble(Scored::score).reversed().thenComparingInt(Scored::position));
        List<Recommender.Pick> results = scored.stream().limit(limit).map(Scored::pick).toList();
        return new Results(personal(results), results);
    }

    private static Set<String> words(Product product) {
        Set<String> words = new LinkedHashSet<>(List.of(product.title.toLowerCase(Locale.ROOT).split("[^\\p{L}\\p{N}]+")));
        if (!product.terms.isBlank()) {
            words.addAll(List.of(product.terms.split(" ")));
        }
        return words;
    }

    private static boolean personal(List<Recommender.Pick> picks) {
        return picks.stream().anyMatch(p -> p.reasons().stream().anyMatch(Reason::personal));
    }
}
