package dev.personalization.recommendation.service;

import dev.personalization.recommendation.config.RecommendationConfig;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Rendered recommendation answers, so that a repeated request costs the consent read and a lookup. An
 * answer is reused only under the same stamp (model version, the purposes granted with their consent
 * versions, the subject's snapshot version: any change of catalog, aggregates, consent or features gives a
 * new stamp) and until it expires (a feature's or a grant's expiry, or the cache's max age). The answer
 * without consent is one entry per limit, shared by everyone, which keeps it byte for byte the same.
 */
@ApplicationScoped
public class RecommendationCache {

    private record Entry(String stamp, Instant validUntil, byte[] body) {
    }

    private final ConcurrentHashMap<String, Entry> entries = new ConcurrentHashMap<>();
    private final int maxEntries;

    public RecommendationCache(RecommendationConfig config) {
        this.maxEntries = config.cache().maxEntries();
    }

    /** The answer stored under this key and stamp, still valid at {@code now}; null otherwise. */
    public byte[] get(String key, String stamp, Instant now) {
        Entry entry = entries.get(key);
        return entry != null && entry.stamp().equals(stamp) && now.isBefore(entry.validUntil()) ? entry.body() : null;
    }

    /** The answers currently cached for this pseudonym, by key ({@code pseudonym/limit}), for the export. */
    public java.util.Map<String, String> answersOf(String pseudonym) {
        String prefix = pseudonym + "/";
        java.util.Map<String, String> answers = new java.util.TreeMap<>();
        entries.forEach((key, entry) -> {
            if (key.startsWith(prefix)) {
                answers.put("limit=" + key.substring(prefix.length()),
                        new String(entry.body(), java.nio.charset.StandardCharsets.UTF_8));
            }
        });
        return answers;
    }

    /** Forgets every answer rendered for this pseudonym (erasure): keys are {@code pseudonym/limit}. */
    public int evict(String pseudonym) {
        String prefix = pseudonym + "/";
        int before = entries.size();
        entries.keySet().removeIf(key -> key.startsWith(prefix));
        return before - entries.size();
    }

    public void put(String key, String stamp, Instant validUntil, byte[] body) {
        if (entries.size() >= maxEntries) {
            entries.clear(); // rare and cheap to refill; a bound keeps the heap safe under many subjects
        }
        entries.put(key, new Entry(stamp, validUntil, body));
    }
}
