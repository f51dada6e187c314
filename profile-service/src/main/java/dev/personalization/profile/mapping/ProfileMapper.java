package dev.personalization.profile.mapping;

import dev.personalization.profile.repository.Datum;
import dev.personalization.profile.rest.ApiModels.ActivityResponse;
import dev.personalization.profile.rest.ApiModels.DroppedCount;
import dev.personalization.profile.rest.ApiModels.HeldDatum;
import dev.personalization.profile.rest.ApiModels.ProfileResponse;
import dev.personalization.profile.rest.ApiModels.PurposeData;
import dev.personalization.profile.service.ActivityIntake;
import dev.personalization.profile.service.ActivityIntake.DropReason;
import dev.personalization.profile.service.ActivityType;
import dev.personalization.profile.service.Decay;
import dev.personalization.profile.service.PurposePolicy;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Explicit mapping from intake results and stored data to the API's records. */
@ApplicationScoped
public class ProfileMapper {

    private final PurposePolicy purposes;

    public ProfileMapper(PurposePolicy purposes) {
        this.purposes = purposes;
    }

    public ActivityResponse activity(int received, ActivityIntake.Result result) {
        Map<String, Integer> accepted = new LinkedHashMap<>();
        List<DroppedCount> dropped = new ArrayList<>();
        for (ActivityType type : ActivityType.values()) {
            accepted.put(type.label(), result.accepted().getOrDefault(type, 0));
            Map<DropReason, Integer> reasons = result.dropped().getOrDefault(type, Map.of());
            for (DropReason reason : DropReason.values()) {
                Integer count = reasons.get(reason);
                if (count != null) {
                    dropped.add(new DroppedCount(type.label(), reason.label(), count));
                }
            }
        }
        return new ActivityResponse(received, accepted, dropped);
    }

    public ProfileResponse profile(List<Datum> data, Map<String, Integer> choices, Instant now) {
        List<PurposeData> groups = new ArrayList<>();
        for (String purpose : purposes.names()) {
            List<HeldDatum> held = data.stream().filter(datum -> datum.purpose().equals(purpose))
                    .map(datum -> datum(datum, now)).toList();
            groups.add(purpose(purpose, held, choices));
        }
        return new ProfileResponse(groups);
    }

    public PurposeData purpose(String purpose, List<HeldDatum> held, Map<String, Integer> choices) {
        return new PurposeData(purpose, purposes.days(purpose, choices), purposes.defaultDays(purpose),
                choices.containsKey(purpose), held);
    }

    public HeldDatum datum(Datum datum, Instant now) {
        double weight = Decay.to(datum.score(), datum.lastSeen(), now, purposes.halfLifeSeconds(datum.purpose()));
        return new HeldDatum(datum.kind(), datum.item(), datum.source(), Math.round(weight * 10_000d) / 10_000d,
                datum.consentVersion(), datum.firstSeen(), datum.lastSeen(), datum.expiresAt());
    }
}
