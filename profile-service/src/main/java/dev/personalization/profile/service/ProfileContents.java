package dev.personalization.profile.service;

import dev.personalization.profile.repository.Datum;
import dev.personalization.profile.repository.ProfileDatumRepository;
import dev.personalization.profile.repository.RetentionChoiceRepository;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/** What the profile holds about a subject: the same rows the feature snapshots are built from. */
@ApplicationScoped
public class ProfileContents {

    /** The subject's data and retention choices, read together, as of {@code now}. */
    public record Held(List<Datum> data, Map<String, Integer> retentionChoices, Instant now) {
    }

    private final ProfileDatumRepository data;
    private final RetentionChoiceRepository choices;
    private final Clock clock;

    public ProfileContents(ProfileDatumRepository data, RetentionChoiceRepository choices, Clock clock) {
        this.data = data;
        this.choices = choices;
        this.clock = clock;
    }

    @Transactional
    public Held of(String pseudonym) {
        return new Held(data.forPseudonym(pseudonym), choices.forPseudonym(pseudonym), clock.instant());
    }
}
