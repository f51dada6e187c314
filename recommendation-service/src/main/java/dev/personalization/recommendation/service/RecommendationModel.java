package dev.personalization.recommendation.service;

import dev.personalization.recommendation.catalog.taxonomy.PriceBand;
import dev.personalization.recommendation.config.RecommendationConfig;
import dev.personalization.recommendation.ranking.BuyAgainRanker;
import dev.personalization.recommendation.ranking.CatalogItem;
import dev.personalization.recommendation.ranking.DiscoverRanker;
import dev.personalization.recommendation.ranking.ItemCatalog;
import dev.personalization.recommendation.ranking.ItemNeighbours;
import dev.personalization.recommendation.ranking.Popularity;
import dev.personalization.recommendation.repository.AggregateRepository;
import dev.personalization.recommendation.repository.ModelInputRepository;
import dev.personalization.recommendation.repository.ModelInputRepository.Stamps;
import dev.personalization.recommendation.repository.Product;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;
import org.jboss.logging.Logger;

/**
 * The model the live rankers read, rebuilt in the background and never on a shopper's request (except the
 * very first one after a start): the catalog, k-anonymous popularity from the maintained aggregates, and the
 * discover model's item-item weights learnt by {@link SimilarityTraining}. Every
 * {@code recommendation.model.refresh-interval} a cheap fingerprint query says whether the catalog or the
 * aggregates changed (on any replica) and rebuilds the catalog part; every
 * {@code recommendation.model.similarity-interval} the weights are learnt again if the held features
 * changed. Each rebuild gets a new {@link Snapshot#version()}, which the response cache is keyed by.
 */
@ApplicationScoped
public class RecommendationModel {

    /** Everything a ranking reads, immutable; positions are {@link ItemCatalog}'s. */
    public record Snapshot(long version, ItemCatalog catalog, Product[] products, Popularity popularity,
                           ItemNeighbours neighbours, DiscoverRanker discover, BuyAgainRanker buyAgain) {
    }

    private static final Logger LOG = Logger.getLogger(RecommendationModel.class);
    static final List<String> ITEM_KINDS = List.of(FeatureKinds.PURCHASED_PRODUCT, FeatureKinds.VIEWED_PRODUCT);

    private final ModelInputRepository inputs;
    private final AggregateRepository aggregates;
    private final RecommendationConfig config;
    private final Clock clock;
    private final AtomicLong versions = new AtomicLong();
    private final Object building = new Object();

    private volatile Snapshot current;
    private volatile Stamps builtFrom;
    private volatile SimilarityTraining.Trained similarity = SimilarityTraining.Trained.NONE;
    private volatile String trainedFrom;

    public RecommendationModel(ModelInputRepository inputs, AggregateRepository aggregates, RecommendationConfig config,
            Clock clock) {
        this.inputs = inputs;
        this.aggregates = aggregates;
        this.config = config;
        this.clock = clock;
    }

    /** The current model; built once on first use. */
    public Snapshot current() {
        Snapshot snapshot = current;
        return snapshot != null ? snapshot : refresh();
    }

    @Scheduled(identity = "recommendation-model-refresh", every = "${recommendation.model.refresh-interval}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void scheduledRefresh() {
        refresh();
    }

    @Scheduled(identity = "recommendation-similarity-training", every = "${recommendation.model.similarity-interval}",
            delayed = "${recommendation.model.refresh-interval}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void scheduledTraining() {
        train();
    }

    /** Rebuilds the catalog part if the catalog or the aggregates changed since the last build. */
    public Snapshot refresh() {
        synchronized (building) {
            Stamps stamps = QuarkusTransaction.requiringNew().call(inputs::stamps);
            if (current != null && Objects.equals(stamps.catalog(), builtFrom.catalog())
                    && Objects.equals(stamps.aggregates(), builtFrom.aggregates())) {
                return current;
            }
            return build(stamps);
        }
    }

    /**
     * Learns the item-item weights again if the held features changed since the last training (what a
     * subject holds changes the snapshots' or the aggregates' fingerprint), then rebuilds the model.
     */
    public synchronized void train() {
        String stamp = QuarkusTransaction.requiringNew().call(() -> inputs.featuresStamp() + "/" + inputs.stamps().aggregates());
        if (stamp.equals(trainedFrom)) {
            return;
        }
        long started = System.nanoTime();
        List<ModelInputRepository.ItemFeature> features = QuarkusTransaction.requiringNew()
                .call(() -> inputs.itemFeatures(ITEM_KINDS));
        RecommendationConfig.Model model = config.model();
        SimilarityTraining.Trained trained = SimilarityTraining.train(features, clock.instant(),
                new SimilarityTraining.Settings(config.aggregates().minSubjects(), model.maxItems(), model.easeLambda(),
                        model.neighbours(), model.recencyHalfLife(), model.viewWeight()));
        synchronized (building) {
            similarity = trained;
            trainedFrom = stamp;
            build(QuarkusTransaction.requiringNew().call(inputs::stamps));
        }
        LOG.infof("discover model learnt: %d items of %d subjects, %d neighbours, %d ms", trained.items().length,
                trained.subjects(), trained.neighbours().entries(), (System.nanoTime() - started) / 1_000_000);
    }

    private Snapshot build(Stamps stamps) {
        int k = config.aggregates().minSubjects();
        List<Product> products = new ArrayList<>();
        List<AggregateRepository.Popularity> popular = new ArrayList<>();
        QuarkusTransaction.requiringNew().run(() -> {
            products.addAll(inputs.products());
            popular.addAll(aggregates.popular(k, Integer.MAX_VALUE));
        });
        List<CatalogItem> items = new ArrayList<>(products.size());
        for (Product product : products) {
            items.add(new CatalogItem(product.id, product.categoryPath, PriceBand.of(product.price)));
        }
        ItemCatalog catalog = ItemCatalog.of(items);
        double[] units = new double[catalog.size()];
        int[] subjects = new int[catalog.size()];
        for (AggregateRepository.Popularity row : popular) {
            int at = catalog.indexOf(row.productId());
            if (at >= 0) {
                units[at] = row.units();
                subjects[at] = row.subjects();
            }
        }
        Popularity popularity = Popularity.of(units, subjects, k);
        SimilarityTraining.Trained trained = similarity;
        int[] positions = new int[trained.items().length];
        for (int i = 0; i < positions.length; i++) {
            positions[i] = catalog.indexOf(trained.items()[i]);
        }
        ItemNeighbours neighbours = trained.neighbours().remap(positions, catalog.size());
        DiscoverRanker discover = new DiscoverRanker(catalog, neighbours, popularity, DiscoverRanker.Settings.defaults());
        BuyAgainRanker buyAgain = new BuyAgainRanker(discover, popularity, BuyAgainRanker.Settings.defaults());
        Snapshot snapshot = new Snapshot(versions.incrementAndGet(), catalog, products.toArray(Product[]::new),
                popularity, neighbours, discover, buyAgain);
        current = snapshot;
        builtFrom = stamps;
        return snapshot;
    }
}
