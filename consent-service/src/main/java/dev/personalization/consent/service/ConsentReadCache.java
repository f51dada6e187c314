package dev.personalization.consent.service;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.personalization.consent.config.ConsentConfig;
import dev.personalization.consent.service.ConsentSnapshots.PurposeRef;
import dev.personalization.consent.service.ConsentSnapshots.StateSnapshot;
import dev.personalization.kit.db.ChangeListener;
import io.agroal.api.AgroalDataSource;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.TransactionPhase;
import java.util.List;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Keeps each subject's current decisions in memory so that {@code GET /api/consents/me} usually
 * needs no database round trip. Coherent across replicas: every write notifies the channel
 * {@value #CHANNEL} (PostgreSQL NOTIFY, delivered on commit) and every replica LISTENs and evicts;
 * the writing replica also evicts right after its own commit. While the listening connection is down
 * the cache is bypassed, and entries live at most consent.read-cache.ttl in any case.
 */
@ApplicationScoped
public class ConsentReadCache {

    static final String CHANNEL = "consent_changed";
    /** Notification payloads: "s:" and a subject, or this key for the purposes. */
    static final String PURPOSES_KEY = "p:";
    private static final String SUBJECT_PREFIX = "s:";

    /** Fired inside a transaction that changed a subject's consent (or, with {@link #PURPOSES_KEY}, purposes). */
    public record Changed(String key) {
    }

    static String subjectKey(String subject) {
        return SUBJECT_PREFIX + subject;
    }

    private final Cache<String, List<StateSnapshot>> states;
    private final boolean enabled;
    private volatile List<PurposeRef> purposes;
    /** Bumped by every purposes eviction, so that a load that raced with a publication is not stored. */
    private final java.util.concurrent.atomic.AtomicLong purposesGeneration = new java.util.concurrent.atomic.AtomicLong();
    private final ChangeListener listener;

    public ConsentReadCache(AgroalDataSource dataSource, ConsentConfig config) {
        this.enabled = config.readCache().enabled();
        this.states = Caffeine.newBuilder()
                .maximumSize(config.readCache().maxSubjects())
                .expireAfterWrite(config.readCache().ttl())
                .build();
        this.listener = new ChangeListener(dataSource, CHANNEL, this::evict, this::invalidateAll);
    }

    void start(@Observes StartupEvent event) {
        if (!enabled) {
            return;
        }
        listener.start();
    }

    void stop(@Observes ShutdownEvent event) {
        listener.stop();
    }

    /** True while invalidations are being received, i.e. while the cache is in use. */
    public boolean coherent() {
        return listener.coherent();
    }

    public boolean enabled() {
        return enabled;
    }

    public List<StateSnapshot> states(String subject, Function<String, List<StateSnapshot>> loader) {
        return coherent() ? states.get(subject, loader) : loader.apply(subject);
    }

    /** The subject's decisions and the purposes if both are in memory now; null otherwise (nothing is loaded). */
    public Cached ifCached(String subject) {
        List<PurposeRef> known = purposes;
        if (!coherent() || known == null) {
            return null;
        }
        List<StateSnapshot> held = states.getIfPresent(subject);
        return held == null ? null : new Cached(known, held);
    }

    /** What {@link #ifCached} found. */
    public record Cached(List<PurposeRef> purposes, List<StateSnapshot> states) {
    }

    public List<PurposeRef> purposes(Supplier<List<PurposeRef>> loader) {
        List<PurposeRef> known = purposes;
        if (coherent() && known != null) {
            return known;
        }
        long generation = purposesGeneration.get();
        List<PurposeRef> loaded = loader.get();
        if (coherent()) {
            synchronized (purposesGeneration) {
                if (purposesGeneration.get() == generation) {
                    purposes = loaded;
                }
            }
        }
        return loaded;
    }

    /** The writing replica does not wait for its own notification. */
    void afterCommit(@Observes(during = TransactionPhase.AFTER_SUCCESS) Changed changed) {
        evict(changed.key());
    }

    void evict(String key) {
        if (PURPOSES_KEY.equals(key)) {
            evictPurposes();
        } else if (key.startsWith(SUBJECT_PREFIX)) {
            states.invalidate(key.substring(SUBJECT_PREFIX.length()));
        }
    }

    private void evictPurposes() {
        synchronized (purposesGeneration) {
            purposesGeneration.incrementAndGet();
            purposes = null;
        }
    }

    private void invalidateAll() {
        evictPurposes();
        states.invalidateAll();
    }
}
