package dev.personalization.consent.repository;

import io.quarkus.hibernate.orm.panache.PanacheRepository;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

@ApplicationScoped
public class ConsentStateRepository implements PanacheRepository<ConsentState> {

    public List<ConsentState> forSubject(String subject) {
        return list("subject", subject);
    }

    public Optional<ConsentState> find(String subject, String purpose) {
        return find("subject = ?1 and purpose = ?2", subject, purpose).firstResultOptional();
    }

    public List<ConsentState> grantsDueBy(Instant now, int limit) {
        return find("decision = 'granted' and expiresAt <= ?1 order by expiresAt", now).page(0, limit).list();
    }

    public List<ConsentState> grantsOlderThan(String purpose, int purposeVersion, int limit) {
        return find("decision = 'granted' and purpose = ?1 and purposeVersion < ?2 order by subject", purpose, purposeVersion)
                .page(0, limit).list();
    }
}
