package dev.personalization.profile.service;

import dev.personalization.consentview.service.ConsentViewService;
import dev.personalization.profile.config.ProfileConfig;
import dev.personalization.profile.repository.ProfileDatumRepository;
import dev.personalization.profile.repository.RetentionChoiceRepository;
import dev.personalization.profile.repository.VocabularyRepository;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Takes a batch of a subject's activity: consent from the local view at the door, minimization, one
 * transaction for the whole batch (one multi-row upsert, the count caps), and the subject's feature
 * snapshot marked due (the relay publishes it, coalesced with any other change of the subject).
 */
@ApplicationScoped
public class ActivityIntake {

    /** Why an event was not kept. */
    public enum DropReason {
        /** Its purpose is not granted now: no decision, denied, withdrawn or expired. */
        NO_CONSENT("no-consent"),
        /** occurredAt too far in the future or older than the retention window; a negative amount or dwell time. */
        INVALID("invalid"),
        /** A search whose query matched nothing of the catalog vocabulary: nothing is left to keep. */
        NO_MATCH("no-match");

        private final String label;

        DropReason(String label) {
            this.label = label;
        }

        public String label() {
            return label;
        }
    }

    /** Counts per type, accepted and dropped (with the reason); the snapshot version marked due, if any. */
    public record Result(Map<ActivityType, Integer> accepted, Map<ActivityType, Map<DropReason, Integer>> dropped,
            Long snapshotVersion) {
    }

    private static final BigDecimal MAX_PRICE = BigDecimal.valueOf(10_000_000);

    private final ConsentViewService consents;
    private final ProfileDatumRepository data;
    private final RetentionChoiceRepository retention;
    private final VocabularyRepository vocabulary;
    private final FeatureSnapshots snapshots;
    private final PurposePolicy purposes;
    private final CountCaps caps;
    private final ProfileConfig config;
    private final Clock clock;

    public ActivityIntake(ConsentViewService consents, ProfileDatumRepository data, RetentionChoiceRepository retention,
            VocabularyRepository vocabulary, FeatureSnapshots snapshots, PurposePolicy purposes, CountCaps caps,
            ProfileConfig config, Clock clock) {
        this.consents = consents;
        this.data = data;
        this.retention = retention;
        this.vocabulary = vocabulary;
        this.snapshots = snapshots;
        this.purposes = purposes;
        this.caps = caps;
        this.config = config;
        this.clock = clock;
    }

    @Transactional
    public Result ingest(String pseudonym, List<Activity> events) {
        Instant now = clock.instant();
        // 503 while the view is not caught up; the subject's view rows stay locked until this commits, so a
        // withdrawal arriving meanwhile purges after this batch, never before it
        Map<String, Long> grants = consents.grantsHeld(pseudonym, now);
        Map<ActivityType, Integer> accepted = new EnumMap<>(ActivityType.class);
        Map<ActivityType, Map<DropReason, Integer>> dropped = new EnumMap<>(ActivityType.class);
        Map<String, Integer> choices = grants.isEmpty() ? Map.of() : retention.forPseudonym(pseudonym);

        List<Activity> kept = new ArrayList<>();
        for (Activity event : events) {
            if (!grants.containsKey(event.type().purpose())) {
                drop(dropped, event.type(), DropReason.NO_CONSENT);
            } else if (!valid(event, now, purposes.window(event.type().purpose(), choices))) {
                drop(dropped, event.type(), DropReason.INVALID);
            } else {
                kept.add(event);
            }
        }
        if (kept.isEmpty()) {
            return new Result(accepted, dropped, null);
        }

        long version = snapshots.lock(pseudonym, now);
        Map<String, Set<String>> seenCategories = new HashMap<>();
        Set<String> queryTerms = new HashSet<>();
        Set<String> searchCategories = new HashSet<>();
        for (Activity event : kept) {
            if (event.type() == ActivityType.SEARCH) {
                queryTerms.addAll(Terms.of(event.query()));
                if (event.category() != null) {
                    searchCategories.add(event.category());
                }
            } else {
                seenCategories.computeIfAbsent(event.category(), Terms::of);
            }
        }
        // categories of consented views and purchases are vocabulary until the catalog knows them
        vocabulary.addSeenCategories(seenCategories);
        Minimizer.SearchVocabulary matches = new Minimizer.SearchVocabulary(vocabulary.matching(queryTerms));
        Set<String> known = vocabulary.known(searchCategories);

        Map<String, DatumUpdate> updates = new LinkedHashMap<>();
        for (Activity event : kept) {
            String purpose = event.type().purpose();
            List<DatumUpdate> yielded = Minimizer.minimize(event, grants.get(purpose), purposes.window(purpose, choices),
                    matches, known);
            if (yielded.isEmpty()) {
                drop(dropped, event.type(), DropReason.NO_MATCH);
                continue;
            }
            accepted.merge(event.type(), 1, Integer::sum);
            for (DatumUpdate update : yielded) {
                updates.merge(update.purpose() + '\u0000' + update.kind() + '\u0000' + update.item(), update,
                        (a, b) -> a.merge(b, purposes.halfLifeSeconds(a.purpose())));
            }
        }
        Set<String> kinds = new HashSet<>();
        updates.values().forEach(update -> kinds.add(update.kind()));
        List<CountCaps.Cap> touchedCaps = caps.of(kinds);
        // new product ids that would fall out of their window at once are not written only to be deleted
        List<String> windows = touchedCaps.stream().filter(CountCaps.Cap::byRecency).map(CountCaps.Cap::kind).toList();
        if (!windows.isEmpty()) {
            updates.keySet().removeAll(WindowTrim.outOfWindow(updates, data.heldOf(pseudonym, windows), touchedCaps));
        }
        data.upsertAll(pseudonym, updates.values(), purposes.halfLives());
        // the count caps, in this transaction: what a batch pushes out is gone when it commits
        data.enforceCaps(pseudonym, touchedCaps, now);
        snapshots.markDue(pseudonym, version, now);
        return new Result(accepted, dropped, version);
    }

    private boolean valid(Activity event, Instant now, Duration window) {
        Instant at = event.occurredAt();
        if (at.isAfter(now.plus(config.intake().futureSkew())) || !at.isAfter(now.minus(window))) {
            return false;
        }
        if (event.dwellSeconds() != null && event.dwellSeconds() < 0) {
            return false;
        }
        if (event.type() == ActivityType.PURCHASE) {
            return event.price().signum() >= 0 && event.price().compareTo(MAX_PRICE) <= 0 && event.quantity() >= 1;
        }
        return true;
    }

    private static void drop(Map<ActivityType, Map<DropReason, Integer>> dropped, ActivityType type, DropReason reason) {
        dropped.computeIfAbsent(type, t -> new EnumMap<>(DropReason.class)).merge(reason, 1, Integer::sum);
    }
}
