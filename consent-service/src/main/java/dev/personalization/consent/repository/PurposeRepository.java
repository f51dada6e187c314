package dev.personalization.consent.repository;

import io.quarkus.hibernate.orm.panache.PanacheRepository;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.Optional;

@ApplicationScoped
public class PurposeRepository implements PanacheRepository<PurposeVersion> {

    /** The newest version of every purpose, by purpose name. */
    public List<PurposeVersion> current() {
        return getEntityManager().createQuery("select v from PurposeVersion v where v.version = "
                + "(select max(p.version) from PurposeVersion p where p.purpose = v.purpose) order by v.purpose",
                PurposeVersion.class).getResultList();
    }

    /**
     * Orders decisions against the publication of a new version of the same purpose: decisions take
     * the purpose's lock shared, a publication takes it exclusively, both before reading the version.
     */
    public void lockShared(String purpose) {
        getEntityManager().createNativeQuery("SELECT pg_advisory_xact_lock_shared(74616002, hashtext(?1))")
                .setParameter(1, purpose).getSingleResult();
    }

    public void lockExclusive(String purpose) {
        getEntityManager().createNativeQuery("SELECT pg_advisory_xact_lock(74616002, hashtext(?1))")
                .setParameter(1, purpose).getSingleResult();
    }

    public Optional<PurposeVersion> current(String purpose) {
        return find("purpose = ?1 order by version desc", purpose).firstResultOptional();
    }
}
