package dev.personalization.gateway.routing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class RouteTableTest {

    private final RouteTable table = new RouteTable();

    @Test
    void aLiteralSegmentBeatsAVariable() {
        Route route = table.find("GET", "/api/deals/me").route().orElseThrow();
        assertEquals("/api/deals/me", route.template());
        assertEquals(Access.USER, route.access());
        assertEquals("/api/deals/{id}", table.find("PUT", "/api/deals/me").route().orElseThrow().template());
    }

    @Test
    void headIsServedByTheGetRoute() {
        assertEquals("/api/consents/me", table.find("HEAD", "/api/consents/me").route().orElseThrow().template());
    }

    @Test
    void anEmptySegmentFitsNoVariable() {
        assertEquals(Optional.empty(), table.find("GET", "/api/partner/consents/").route());
        assertTrue(table.find("GET", "/api/partner/consents/").allowedMethods().isEmpty());
    }

    @Test
    void anotherMethodNamesTheAllowedOnes() {
        RouteTable.Lookup lookup = table.find("DELETE", "/api/catalog/products/p-1");
        assertEquals(Optional.empty(), lookup.route());
        assertEquals(Set.of("GET", "PUT"), lookup.allowedMethods());
    }

    @Test
    void theExportIsTheGatewaysOwn() {
        Route export = table.find("GET", "/api/me/data").route().orElseThrow();
        assertEquals(Optional.empty(), export.backend());
        assertEquals(Access.USER, export.access());
    }
}
