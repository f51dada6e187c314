package dev.personalization.consent.repository;

import io.quarkus.hibernate.orm.panache.PanacheRepository;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Optional;

@ApplicationScoped
public class IdempotencyRepository implements PanacheRepository<IdempotencyRecord> {

    public Optional<IdempotencyRecord> find(String subject, String key) {
        return find("subject = ?1 and key = ?2", subject, key).firstResultOptional();
    }
}
