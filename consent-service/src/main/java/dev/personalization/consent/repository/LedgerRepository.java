package dev.personalization.consent.repository;

import io.quarkus.hibernate.orm.panache.PanacheRepository;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;

@ApplicationScoped
public class LedgerRepository implements PanacheRepository<LedgerEntry> {

    public List<LedgerEntry> history(String subject) {
        return list("subject = ?1 order by id", subject);
    }

    /** Subjects in a stable order, a page at a time, for the chain check. */
    public List<String> subjects(int page, int size) {
        return getEntityManager()
                .createQuery("select distinct e.subject from LedgerEntry e order by e.subject", String.class)
                .setFirstResult(page * size)
                .setMaxResults(size)
                .getResultList();
    }
}
