package dev.personalization.consent.service;

/** The decision values of the ledger and of the consent events. */
public final class ConsentStates {

    public static final String GRANTED = "granted";
    public static final String DENIED = "denied";
    public static final String WITHDRAWN = "withdrawn";
    public static final String EXPIRED = "expired";
    public static final String NONE = "none";

    /** Reasons recorded with an expiry. */
    public static final String GRANT_LAPSED = "grant-lapsed";
    public static final String NOTICE_CHANGED = "notice-changed";
    /** Reason and channel of the withdrawals an erasure request records. */
    public static final String ERASURE = "erasure";

    private ConsentStates() {
    }
}
