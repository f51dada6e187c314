package dev.personalization.kit.security;

import static org.junit.jupiter.api.Assertions.assertEquals;

import jakarta.json.Json;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ScopesTest {

    @Test
    void readsASpaceSeparatedString() {
        assertEquals(Set.of("consent:read", "catalog:write"), Scopes.of(Json.createValue("consent:read  catalog:write")));
        assertEquals(Set.of("consent:read"), Scopes.of("consent:read"));
    }

    @Test
    void readsAnArrayOfStrings() {
        assertEquals(Set.of("consent:read", "deals:write"),
                Scopes.of(Json.createArrayBuilder().add("consent:read").add("deals:write").build()));
        assertEquals(Set.of("a", "b"), Scopes.of(List.of("a", "b")));
    }

    @Test
    void grantsNothingForOtherShapes() {
        assertEquals(Set.of(), Scopes.of(null));
        assertEquals(Set.of(), Scopes.of(Json.createValue(42)));
        assertEquals(Set.of(), Scopes.of(Json.createObjectBuilder().add("consent:read", true).build()));
        // array elements that are not strings grant nothing
        assertEquals(Set.of("a"), Scopes.of(Json.createArrayBuilder().add("a").add(1).add(true).build()));
    }

    @Test
    void matchesExactly() {
        Set<String> granted = Scopes.of("consent:readall Consent:read");
        assertEquals(false, granted.contains("consent:read"));
    }
}
