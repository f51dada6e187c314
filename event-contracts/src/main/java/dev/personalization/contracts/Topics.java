package dev.personalization.contracts;

/** Kafka topic names. Every topic is keyed by the subject's pseudonym (the catalog by product id). */
public final class Topics {

    /** {@link ConsentDecisionV1} events, published by consent-service through its outbox. */
    public static final String CONSENT_DECISIONS = "consent.decisions.v1";
    /** Full snapshots of a subject's minimized features, published by profile-service. */
    public static final String PROFILE_FEATURES = "profile.features.v1";
    /** Products (id, category path, terms), published by recommendation-service; keyed by product id. */
    public static final String CATALOG_PRODUCTS = "catalog.products.v1";
    public static final String ERASURE_REQUESTED = "privacy.erasure-requested.v1";
    public static final String ERASURE_COMPLETED = "privacy.erasure-completed.v1";

    /**
     * The Kafka header that carries an event's signature: a compact JWS with detached content (RS256,
     * {@code kid} in its protected header) over the record's topic, key and value, as
     * {@link EventSignatures} defines them. consent-service signs every event it publishes; consumers
     * drop a consent event whose signature is missing, by an untrusted key or not over its record.
     */
    public static final String SIGNATURE_HEADER = "suite-signature";

    /** Every topic of the suite, for tooling that creates them up front. */
    public static final java.util.List<String> ALL = java.util.List.of(CONSENT_DECISIONS, PROFILE_FEATURES,
            CATALOG_PRODUCTS, ERASURE_REQUESTED, ERASURE_COMPLETED);

    private Topics() {
    }
}
