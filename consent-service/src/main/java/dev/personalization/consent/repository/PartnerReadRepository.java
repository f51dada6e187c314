package dev.personalization.consent.repository;

import io.quarkus.hibernate.orm.panache.PanacheRepository;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;

@ApplicationScoped
public class PartnerReadRepository implements PanacheRepository<PartnerRead> {

    public List<PartnerRead> forSubject(String subject) {
        return list("subject = ?1 order by id", subject);
    }
}
