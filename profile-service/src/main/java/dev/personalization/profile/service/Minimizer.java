package dev.personalization.profile.service;

import dev.personalization.profile.repository.VocabularyRepository.Entry;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What is kept of an accepted event (DESIGN.md's minimization table), and nothing more: a view becomes a
 * category affinity and a recently viewed product id; a purchase its category, price band and product id
 * (never the amount); a search only the catalog terms and categories its query matched (never the query).
 * Times are kept to the day. Pure logic: the vocabulary comes in from the caller.
 */
public final class Minimizer {

    /** Longest dwell time that still adds to a view's weight: a tab left open is not more interest. */
    static final int MAX_DWELL_SECONDS = 300;
    /** A search keeps at most this many of the categories its terms matched (the best-matching ones). */
    static final int MAX_CATEGORIES_PER_SEARCH = 3;

    private Minimizer() {
    }

    /**
     * The vocabulary entries a batch's queries may match, indexed by term once per batch: each search then
     * looks up its own words instead of scanning every entry.
     */
    public static final class SearchVocabulary {

        private final List<Entry> entries;
        private final Map<String, List<Integer>> entriesByTerm = new HashMap<>();

        public SearchVocabulary(List<Entry> entries) {
            this.entries = entries;
            for (int i = 0; i < entries.size(); i++) {
                for (String term : entries.get(i).terms()) {
                    entriesByTerm.computeIfAbsent(term, t -> new ArrayList<>(4)).add(i);
                }
            }
        }
    }

    /** The data one event yields, all stamped with the consent version and the expiry it was accepted under. */
    public static List<DatumUpdate> minimize(Activity activity, long consentVersion, Duration window,
            SearchVocabulary vocabulary, Set<String> knownCategories) {
        Instant day = activity.occurredAt().truncatedTo(ChronoUnit.DAYS);
        Instant expires = day.plus(window);
        String purpose = activity.type().purpose();
        String source = activity.type().label();
        List<DatumUpdate> updates = new ArrayList<>();
        switch (activity.type()) {
            case VIEW -> {
                int dwell = activity.dwellSeconds() == null ? 0 : Math.min(activity.dwellSeconds(), MAX_DWELL_SECONDS);
                updates.add(new DatumUpdate(purpose, DatumKind.CATEGORY_AFFINITY, activity.category(), source,
                        1.0 + (double) dwell / MAX_DWELL_SECONDS, day, day, consentVersion, expires));
                updates.add(new DatumUpdate(purpose, DatumKind.VIEWED_PRODUCT, activity.productId(), source, 1.0, day,
                        day, consentVersion, expires));
            }
            case PURCHASE -> {
                updates.add(new DatumUpdate(purpose, DatumKind.PURCHASED_CATEGORY, activity.category(), source, 1.0, day,
                        day, consentVersion, expires));
                updates.add(new DatumUpdate(purpose, DatumKind.PRICE_BAND, priceBand(activity.price()), source, 1.0, day,
                        day, consentVersion, expires));
                updates.add(new DatumUpdate(purpose, DatumKind.PURCHASED_PRODUCT, activity.productId(), source, 1.0,
                        day, day, consentVersion, expires));
            }
            case SEARCH -> {
                Set<String> words = Terms.of(activity.query());
                for (String term : matchedTerms(words, vocabulary)) {
                    updates.add(new DatumUpdate(purpose, DatumKind.SEARCH_TERM, term, source, 1.0, day, day,
                            consentVersion, expires));
                }
                Set<String> categories = new LinkedHashSet<>(matchedCategories(words, vocabulary));
                if (activity.category() != null && knownCategories.contains(activity.category())) {
                    categories.add(activity.category());
                }
                for (String category : categories) {
                    updates.add(new DatumUpdate(purpose, DatumKind.SEARCH_CATEGORY, category, source, 1.0, day, day,
                            consentVersion, expires));
                }
            }
        }
        return updates;
    }

    /** The query's words that are catalog vocabulary; the other words are forgotten with the request. */
    static Set<String> matchedTerms(Set<String> words, SearchVocabulary vocabulary) {
        Set<String> matched = new LinkedHashSet<>();
        for (String word : words) {
            if (vocabulary.entriesByTerm.containsKey(word)) {
                matched.add(word);
            }
        }
        return matched;
    }

    /** The categories whose vocabulary shares the most words with the query, at most {@link #MAX_CATEGORIES_PER_SEARCH}. */
    static List<String> matchedCategories(Set<String> words, SearchVocabulary vocabulary) {
        Map<Integer, Integer> sharedByEntry = new HashMap<>();
        for (String word : words) {
            for (Integer entry : vocabulary.entriesByTerm.getOrDefault(word, List.of())) {
                sharedByEntry.merge(entry, 1, Integer::sum);
            }
        }
        Map<String, Integer> overlap = new HashMap<>();
        sharedByEntry.forEach((entry, shared) -> overlap.merge(vocabulary.entries.get(entry).category(), shared, Math::max));
        return overlap.entrySet().stream()
                .sorted(Map.Entry.<String, Integer>comparingByValue(Comparator.reverseOrder())
                        .thenComparing(Map.Entry.comparingByKey()))
                .limit(MAX_CATEGORIES_PER_SEARCH)
                .map(Map.Entry::getKey)
                .toList();
    }

    /** A band, never the amount: what deals need to match a shopper's usual spend. */
    static String priceBand(BigDecimal price) {
        double value = price.doubleValue();
        if (value < 5) {
            return "under-5";
        } else if (value < 20) {
            return "5-20";
        } else if (value < 50) {
            return "20-50";
        } else if (value < 100) {
            return "50-100";
        } else if (value < 250) {
            return "100-250";
        }
        return "250-plus";
    }
}
