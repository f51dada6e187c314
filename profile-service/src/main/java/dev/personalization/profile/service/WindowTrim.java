package dev.personalization.profile.service;

import dev.personalization.profile.repository.ProfileDatumRepository.Held;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Which of a batch's new data of a window kept by recency (the last product ids viewed or bought) the count
 * caps would delete again in the same transaction: those that rank below the window's last place once
 * merged with what the subject holds. They are left out of the upsert instead of written and deleted.
 * Only data ranked strictly below the last kept place are left out (by last seen day, then score, with a
 * margin for rounding); a tie at that place is written and the caps' own ordering decides, so the rows left
 * after the batch are the ones the caps alone would leave.
 */
final class WindowTrim {

    /** Scores closer than this (relatively) count as equal: PostgreSQL's decay may round differently. */
    private static final double MARGIN = 1e-9;

    private record Candidate(String key, Instant lastSeen, double score, boolean isNew) {
    }

    private WindowTrim() {
    }

    /**
     * The keys of {@code updates} (new data of by-recency kinds) to leave out; {@code held} are the
     * subject's rows of those kinds before the batch.
     */
    static Set<String> outOfWindow(Map<String, DatumUpdate> updates, Collection<Held> held, List<CountCaps.Cap> caps) {
        Set<String> out = new HashSet<>();
        for (CountCaps.Cap cap : caps) {
            if (!cap.byRecency()) {
                continue;
            }
            Map<String, Held> heldOfKind = new HashMap<>();
            for (Held row : held) {
                if (row.kind().equals(cap.kind())) {
                    heldOfKind.put(row.item(), row);
                }
            }
            List<Candidate> candidates = new ArrayList<>();
            Set<String> touched = new HashSet<>();
            for (Map.Entry<String, DatumUpdate> entry : updates.entrySet()) {
                DatumUpdate update = entry.getValue();
                if (!update.kind().equals(cap.kind())) {
                    continue;
                }
                Held old = heldOfKind.get(update.item());
                if (old == null) {
                    candidates.add(new Candidate(entry.getKey(), update.lastSeen(), update.weight(), true));
                } else {
                    touched.add(update.item());
                    Instant last = old.lastSeen().isAfter(update.lastSeen()) ? old.lastSeen() : update.lastSeen();
                    double score = Decay.to(old.score(), old.lastSeen(), last, cap.halfLifeSeconds())
                            + Decay.to(update.weight(), update.lastSeen(), last, cap.halfLifeSeconds());
                    candidates.add(new Candidate(entry.getKey(), last, score, false));
                }
            }
            heldOfKind.forEach((item, row) -> {
                if (!touched.contains(item)) {
                    candidates.add(new Candidate(null, row.lastSeen(), row.score(), false));
                }
            });
            if (candidates.size() <= cap.keep()) {
                continue;
            }
            candidates.sort(Comparator.comparing(Candidate::lastSeen).thenComparingDouble(Candidate::score).reversed());
            Candidate last = candidates.get(cap.keep() - 1);
            for (Candidate candidate : candidates.subList(cap.keep(), candidates.size())) {
                if (candidate.isNew() && below(candidate, last)) {
                    out.add(candidate.key());
                }
            }
        }
        return out;
    }

    private static boolean below(Candidate candidate, Candidate last) {
        int day = candidate.lastSeen().compareTo(last.lastSeen());
        if (day != 0) {
            return day < 0;
        }
        return candidate.score() < last.score() - Math.abs(last.score()) * MARGIN;
    }
}
