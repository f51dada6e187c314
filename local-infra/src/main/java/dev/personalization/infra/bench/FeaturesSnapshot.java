package dev.personalization.infra.bench;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;

/**
 * The two facts the benchmark needs from a profile.features.v1 record: the snapshot's version and
 * whether its feature list is empty. Read with a streaming parser that stops as soon as both are known
 * (profile-service writes snapshotVersion before the features), so that reading every snapshot of the run
 * costs the harness little of the machine it shares.
 */
public record FeaturesSnapshot(long snapshotVersion, boolean empty) {

    private static final JsonFactory JSON = new JsonFactory();

    /** Parses the envelope {"id",...,"data":{...,"snapshotVersion":N,"features":[...]}}. */
    public static FeaturesSnapshot parse(byte[] value) {
        Long version = null;
        Boolean empty = null;
        try (JsonParser parser = JSON.createParser(value)) {
            expect(parser.nextToken(), JsonToken.START_OBJECT);
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                String field = parser.currentName();
                JsonToken token = parser.nextToken();
                if (!"data".equals(field) || token != JsonToken.START_OBJECT) {
                    parser.skipChildren();
                    continue;
                }
                while (parser.nextToken() == JsonToken.FIELD_NAME) {
                    String name = parser.currentName();
                    JsonToken inner = parser.nextToken();
                    if ("snapshotVersion".equals(name) && inner.isNumeric()) {
                        version = parser.getLongValue();
                    } else if ("features".equals(name) && inner == JsonToken.START_ARRAY) {
                        empty = parser.nextToken() == JsonToken.END_ARRAY;
                        if (version != null) {
                            // both facts known: the features themselves are never tokenized
                            return new FeaturesSnapshot(version, empty);
                        }
                        if (!empty) {
                            parser.skipChildren();
                            // skip the rest of the array after its first element
                            while (parser.nextToken() != JsonToken.END_ARRAY) {
                                parser.skipChildren();
                            }
                        }
                    } else {
                        parser.skipChildren();
                    }
                }
            }
        } catch (IOException e) {
            throw new IllegalArgumentException("not a features snapshot: " + e.getMessage());
        }
        if (version == null || empty == null) {
            throw new IllegalArgumentException("a features snapshot needs data.snapshotVersion and data.features");
        }
        return new FeaturesSnapshot(version, empty);
    }

    private static void expect(JsonToken actual, JsonToken expected) throws IOException {
        if (actual != expected) {
            throw new IOException("expected " + expected + ", found " + actual);
        }
    }
}
