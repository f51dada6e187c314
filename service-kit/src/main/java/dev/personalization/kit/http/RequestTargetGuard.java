package dev.personalization.kit.http;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.personalization.kit.problem.Problem;
import dev.personalization.kit.problem.ProblemType;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;

/**
 * Refuses, before any route sees it, a request target that no resource or entity of the suite can
 * hold: control characters (NUL and friends, which PostgreSQL refuses in text), percent-escapes that
 * do not decode to UTF-8, over-long targets, paths and path segments, and a query parameter given twice
 * (which of the two a resource would read is not the caller's to guess; JSON bodies refuse duplicate keys
 * the same way). Such requests get a 4xx problem+json instead of reaching a database and failing there with
 * a 500.
 */
@ApplicationScoped
public class RequestTargetGuard {

    private final HttpLimitsConfig config;
    private final ObjectMapper json;

    public RequestTargetGuard(HttpLimitsConfig config, ObjectMapper json) {
        this.config = config;
        this.json = json;
    }

    void install(@Observes Router router) {
        router.route().order(Integer.MIN_VALUE).handler(this::check);
    }

    private void check(RoutingContext context) {
        String uri = context.request().uri();
        int queryAt = uri.indexOf('?');
        String path = queryAt < 0 ? uri : uri.substring(0, queryAt);
        String query = queryAt < 0 ? null : uri.substring(queryAt + 1);
        Optional<Problem> refusal = refusal(path, query, config);
        if (refusal.isEmpty()) {
            context.next();
            return;
        }
        ProblemResponses.end(context.response(), refusal.get(), json);
    }

    /** Why this target is refused, if it is; pure, so that it is tested without a server. */
    static Optional<Problem> refusal(String rawPath, String rawQuery, HttpLimitsConfig limits) {
        if (rawPath.length() + (rawQuery == null ? 0 : rawQuery.length() + 1) > limits.maxTargetLength()) {
            return Optional.of(Problem.of(ProblemType.URI_TOO_LONG,
                    "the path and query are longer than " + limits.maxTargetLength() + " characters"));
        }
        if (rawPath.length() > limits.maxPathLength()) {
            return Optional.of(Problem.of(ProblemType.URI_TOO_LONG,
                    "the path is longer than " + limits.maxPathLength() + " characters"));
        }
        for (String segment : rawPath.split("/", -1)) {
            String decoded = decode(segment, false);
            if (decoded == null || hasControl(decoded)) {
                return Optional.of(Problem.of(ProblemType.INVALID_PATH,
                        "the path holds a control character or an invalid escape"));
            }
            if (decoded.length() > limits.maxSegmentLength()) {
                return Optional.of(Problem.of(ProblemType.INVALID_PATH,
                        "a path segment is longer than " + limits.maxSegmentLength() + " characters"));
            }
        }
        if (rawQuery != null) {
            // with one parameter only, no set to fill
            Set<String> names = rawQuery.indexOf('&') < 0 ? null : new HashSet<>();
            for (String pair : rawQuery.split("&", -1)) {
                int equals = pair.indexOf('=');
                String name = decode(equals < 0 ? pair : pair.substring(0, equals), true);
                String value = equals < 0 ? "" : decode(pair.substring(equals + 1), true);
                if (name == null || value == null || hasControl(name) || hasControl(value)) {
                    return Optional.of(Problem.of(ProblemType.INVALID_QUERY,
                            "the query holds a control character or an invalid escape",
                            name == null || hasControl(name) ? null : clip(name)));
                }
                if (names != null && !name.isEmpty() && !names.add(name)) {
                    return Optional.of(Problem.of(ProblemType.INVALID_QUERY,
                            "the query parameter " + clip(name) + " is given more than once", clip(name)));
                }
            }
        }
        return Optional.empty();
    }

    private static String clip(String name) {
        return name.length() <= 64 ? name : name.substring(0, 64);
    }

    private static boolean hasControl(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c < 0x20 || c == 0x7f) {
                return true;
            }
        }
        return false;
    }

    /** Percent-decodes strictly as UTF-8; null when an escape is broken or the bytes are not UTF-8. */
    static String decode(String raw, boolean plusIsSpace) {
        if (raw.indexOf('%') < 0 && !(plusIsSpace && raw.indexOf('+') >= 0)) {
            return raw;
        }
        ByteBuffer bytes = ByteBuffer.allocate(raw.length() * 4);
        for (int i = 0; i < raw.length(); i++) {
            char c = raw.charAt(i);
            if (c == '%') {
                if (i + 2 >= raw.length()) {
                    return null;
                }
                int high = Character.digit(raw.charAt(i + 1), 16);
                int low = Character.digit(raw.charAt(i + 2), 16);
                if (high < 0 || low < 0) {
                    return null;
                }
                bytes.put((byte) (high * 16 + low));
                i += 2;
            } else if (plusIsSpace && c == '+') {
                bytes.put((byte) ' ');
            } else {
                bytes.put(String.valueOf(c).getBytes(StandardCharsets.UTF_8));
            }
        }
        bytes.flip();
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(bytes).toString();
        } catch (CharacterCodingException e) {
            return null;
        }
    }
}
