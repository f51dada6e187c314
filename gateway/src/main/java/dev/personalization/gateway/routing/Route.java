package dev.personalization.gateway.routing;

import java.util.Arrays;
import java.util.Optional;

/**
 * One line of the route table: a method and a path template such as
 * {@code /api/consents/me/{purpose}}, where a {@code {name}} segment matches exactly one non-empty
 * segment. A route without a backend is served by the gateway itself (a local resource).
 */
public record Route(String method, String template, Optional<Backend> backend, Access access, RouteClass routeClass) {

    public static Route to(String method, String template, Backend backend, Access access, RouteClass routeClass) {
        return new Route(method, template, Optional.of(backend), access, routeClass);
    }

    /** A path the gateway answers itself (the data export), not forwarded to a backend. */
    public static Route local(String method, String template, Access access, RouteClass routeClass) {
        return new Route(method, template, Optional.empty(), access, routeClass);
    }

    String[] segments() {
        return template.substring(1).split("/", -1);
    }

    /** Whether a normalized path fits the template's {@code own} segments, whatever the method. */
    static boolean matchesPath(String[] own, String[] pathSegments) {
        if (own.length != pathSegments.length) {
            return false;
        }
        for (int i = 0; i < own.length; i++) {
            boolean variable = own[i].startsWith("{");
            if (variable ? pathSegments[i].isEmpty() : !own[i].equals(pathSegments[i])) {
                return false;
            }
        }
        return true;
    }

    /** Literal segments count more than variables: {@code /api/deals/me} beats {@code /api/deals/{id}}. */
    int literalSegments() {
        return (int) Arrays.stream(segments()).filter(segment -> !segment.startsWith("{")).count();
    }
}
