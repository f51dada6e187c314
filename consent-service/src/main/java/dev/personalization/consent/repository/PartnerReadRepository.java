package dev.personalization.consent.repository;

import io.quarkus.hibernate.orm.panache.PanacheRepository;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;

@ApplicationScoped
public class PartnerReadRepository implements PanacheRepository<PartnerRead> {

    /** A page of the subject's partner reads after the given id, oldest first. */
    public List<PartnerRead> page(String subject, long afterId, int size) {
        return find("subject = ?1 and id > ?2 order by id", subject, afterId).page(0, size).list();
    }
}
