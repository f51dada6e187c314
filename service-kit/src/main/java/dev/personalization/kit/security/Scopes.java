package dev.personalization.kit.security;

import jakarta.json.JsonArray;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.Set;
import org.eclipse.microprofile.jwt.JsonWebToken;

/**
 * The scopes a token grants, from its {@code scope} claim: a space-separated string (RFC 8693 style)
 * or an array of strings. Scopes match exactly: {@code consent:read} is not {@code consent:readall}.
 */
public final class Scopes {

    public static final String CLAIM = "scope";

    private Scopes() {
    }

    public static boolean has(JsonWebToken token, String scope) {
        return of(token.getClaim(CLAIM)).contains(scope);
    }

    /** The scopes in a claim value as smallrye-jwt hands it over; anything else grants none. */
    public static Set<String> of(Object claim) {
        Set<String> scopes = new LinkedHashSet<>();
        if (claim instanceof JsonString text) {
            addSpaceSeparated(text.getString(), scopes);
        } else if (claim instanceof String text) {
            addSpaceSeparated(text, scopes);
        } else if (claim instanceof JsonArray array) {
            for (JsonValue value : array) {
                if (value instanceof JsonString text && !text.getString().isEmpty()) {
                    scopes.add(text.getString());
                }
            }
        } else if (claim instanceof Collection<?> values) {
            for (Object value : values) {
                if (value instanceof String text && !text.isEmpty()) {
                    scopes.add(text);
                } else if (value instanceof JsonString text && !text.getString().isEmpty()) {
                    scopes.add(text.getString());
                }
            }
        }
        return scopes;
    }

    private static void addSpaceSeparated(String text, Set<String> scopes) {
        for (String scope : text.split(" ")) {
            if (!scope.isEmpty()) {
                scopes.add(scope);
            }
        }
    }
}
