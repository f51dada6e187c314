package dev.personalization.gateway.routing;

import java.util.Optional;

/**
 * One line of the route table. A pattern ending in {@code /**} matches its base path and everything
 * below it; any other pattern matches that path only.
 */
public record Route(String pattern, Optional<Backend> backend, Access access) {

    private static final String ANY_BELOW = "/**";

    public static Route to(String pattern, Backend backend, Access access) {
        return new Route(pattern, Optional.of(backend), access);
    }

    /** A path of the public API that no backend serves yet: authenticated, then answered 501. */
    public static Route notImplemented(String pattern, Access access) {
        return new Route(pattern, Optional.empty(), access);
    }

    boolean isPrefix() {
        return pattern.endsWith(ANY_BELOW);
    }

    String base() {
        return isPrefix() ? pattern.substring(0, pattern.length() - ANY_BELOW.length()) : pattern;
    }

    boolean matches(String path) {
        String base = base();
        return path.equals(base) || (isPrefix() && path.startsWith(base + "/"));
    }

    /** Exact patterns beat prefixes; among prefixes the longer, more specific one wins. */
    int specificity() {
        return isPrefix() ? base().length() : Integer.MAX_VALUE;
    }
}
