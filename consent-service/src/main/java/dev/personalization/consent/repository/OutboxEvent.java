package dev.personalization.consent.repository;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.UUID;
import org.hibernate.annotations.Generated;

@Entity
@Table(name = "outbox_event")
public class OutboxEvent {

    @Id
    public UUID id;

    /** Assigned by the database at insert: the relay's order. */
    @Generated
    @Column(insertable = false, updatable = false)
    public Long seq;

    public String topic;

    @Column(name = "message_key")
    public String messageKey;

    public String payload;

    /**
     * The event's signature (a compact detached JWS over topic, key and payload), made when the row was
     * written; the relay sends it as the {@code suite-signature} header, unchanged.
     */
    public String signature;

    @Column(name = "created_at")
    public Instant createdAt;

    @Column(name = "published_at")
    public Instant publishedAt;
}
