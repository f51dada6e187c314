package dev.personalization.gateway.routing;

import java.util.Optional;

/**
 * What the gateway demands of a token before it forwards. The services check the token again,
 * including scopes, which the gateway leaves to them.
 */
public enum Access {
    ANY_VALID_TOKEN(null),
    USER("user"),
    PARTNER("partner"),
    ADMIN("admin");

    private final String role;

    Access(String role) {
        this.role = role;
    }

    /** The role from the token's {@code groups} claim, if this access needs one. */
    public Optional<String> requiredRole() {
        return Optional.ofNullable(role);
    }
}
