package dev.personalization.consent.repository;

import io.quarkus.hibernate.orm.panache.PanacheRepository;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;

@ApplicationScoped
public class LedgerRepository implements PanacheRepository<LedgerEntry> {

    public List<LedgerEntry> history(String subject) {
        return list("subject = ?1 order by id", subject);
    }

    /** Subjects after the given one in their natural order, a page at a time (keyset paging). */
    public List<String> subjectsAfter(String after, int size) {
        return getEntityManager()
                .createQuery("select distinct e.subject from LedgerEntry e where e.subject > ?1 order by e.subject",
                        String.class)
                .setParameter(1, after)
                .setMaxResults(size)
                .getResultList();
    }
}
