package dev.personalization.profile.rest;

import com.fasterxml.jackson.databind.JsonNode;
import dev.personalization.kit.problem.ProblemException;
import dev.personalization.kit.problem.ProblemType;
import dev.personalization.profile.service.Activity;
import dev.personalization.profile.service.ActivityCategory;
import dev.personalization.profile.service.ActivityType;
import dev.personalization.profile.service.PaymentData;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads an activity batch strictly, before anything of it is used: payment data anywhere refuses the
 * batch (422 naming the field), then any unknown field or type, a missing or mistyped field refuses it
 * (400 naming the field, as {@code events[3].price}). Only the fixed fields of each type are read; values
 * are never echoed.
 */
final class ActivityBatchReader {

    static final int MAX_PRODUCT_ID = 64;
    static final int MAX_QUERY = 256;

    private static final Map<ActivityType, Set<String>> FIELDS = Map.of(
            ActivityType.VIEW, Set.of("type", "productId", "category", "occurredAt", "dwellSeconds"),
            ActivityType.PURCHASE, Set.of("type", "productId", "category", "occurredAt", "price", "quantity"),
            ActivityType.SEARCH, Set.of("type", "query", "occurredAt", "category"));

    private ActivityBatchReader() {
    }

    static List<Activity> read(JsonNode body, int maxEvents) {
        if (body == null || !body.isObject()) {
            throw malformed(null, "the body must be a JSON object with an events array");
        }
        String payment = PaymentData.find(body);
        if (payment != null) {
            throw ProblemException.invalid(payment, "payment data is never accepted; the batch was not stored");
        }
        Iterator<String> names = body.fieldNames();
        while (names.hasNext()) {
            String name = names.next();
            if (!"events".equals(name)) {
                throw malformed(name, "the field " + name + " is unknown");
            }
        }
        JsonNode events = body.get("events");
        if (events == null || !events.isArray()) {
            throw malformed("events", "events must be an array of events");
        }
        if (events.isEmpty() || events.size() > maxEvents) {
            throw ProblemException.invalid("events", "a batch has 1 to " + maxEvents + " events");
        }
        List<Activity> activities = new ArrayList<>(events.size());
        for (int i = 0; i < events.size(); i++) {
            activities.add(event(events.get(i), "events[" + i + "]"));
        }
        return activities;
    }

    private static Activity event(JsonNode event, String at) {
        if (event == null || !event.isObject()) {
            throw malformed(at, at + " must be an object");
        }
        JsonNode typeNode = event.get("type");
        if (typeNode == null || !typeNode.isTextual()) {
            throw malformed(at + ".type", "the field " + at + ".type is missing or not a string");
        }
        ActivityType type = ActivityType.of(typeNode.asText())
                .orElseThrow(() -> malformed(at + ".type", "the field " + at + ".type must be view, purchase or search"));
        Iterator<String> names = event.fieldNames();
        while (names.hasNext()) {
            String name = names.next();
            if (!FIELDS.get(type).contains(name)) {
                throw malformed(at + "." + truncate(name), "the field " + at + "." + truncate(name)
                        + " is unknown for a " + type.label() + " event");
            }
        }
        Instant occurredAt = instant(event, at, "occurredAt");
        return switch (type) {
            case VIEW -> new Activity(type, productId(event, at), category(event, at, true), occurredAt,
                    integer(event, at, "dwellSeconds", false), null, null, null);
            case PURCHASE -> new Activity(type, productId(event, at), category(event, at, true), occurredAt, null,
                    decimal(event, at, "price"), integer(event, at, "quantity", true), null);
            case SEARCH -> new Activity(type, null, category(event, at, false), occurredAt, null, null, null,
                    query(event, at));
        };
    }

    private static JsonNode present(JsonNode event, String at, String field, boolean required) {
        JsonNode value = event.get(field);
        if (value == null || value.isNull()) {
            if (required) {
                throw malformed(at + "." + field, "the field " + at + "." + field + " is required");
            }
            return null;
        }
        return value;
    }

    private static String productId(JsonNode event, String at) {
        JsonNode value = present(event, at, "productId", true);
        if (!value.isTextual() || value.asText().isBlank() || value.asText().length() > MAX_PRODUCT_ID
                || hasControl(value.asText())) {
            throw malformed(at + ".productId", "the field " + at + ".productId must be a string of 1 to "
                    + MAX_PRODUCT_ID + " characters");
        }
        return value.asText().strip();
    }

    private static String category(JsonNode event, String at, boolean required) {
        JsonNode value = present(event, at, "category", required);
        if (value == null) {
            return null;
        }
        if (!value.isTextual() || !ActivityCategory.valid(value.asText())) {
            throw malformed(at + ".category", "the field " + at + ".category must be a category path such as "
                    + "home/candles (letters, digits, spaces, & ' . _ -, at most " + ActivityCategory.MAX_LENGTH
                    + " characters)");
        }
        return ActivityCategory.normalize(value.asText());
    }

    private static Instant instant(JsonNode event, String at, String field) {
        JsonNode value = present(event, at, field, true);
        if (value.isTextual()) {
            try {
                return Rfc3339.parse(value.asText());
            } catch (DateTimeParseException e) {
                // refused below
            }
        }
        throw malformed(at + "." + field, "the field " + at + "." + field
                + " must be an RFC 3339 time with an offset, such as 2026-11-28T10:00:00Z");
    }

    private static Integer integer(JsonNode event, String at, String field, boolean required) {
        JsonNode value = present(event, at, field, required);
        if (value == null) {
            return null;
        }
        if (!value.isIntegralNumber() || !value.canConvertToInt()) {
            throw malformed(at + "." + field, "the field " + at + "." + field + " must be an integer");
        }
        return value.intValue();
    }

    private static BigDecimal decimal(JsonNode event, String at, String field) {
        JsonNode value = present(event, at, field, true);
        if (!value.isNumber()) {
            throw malformed(at + "." + field, "the field " + at + "." + field + " must be a number");
        }
        return value.decimalValue();
    }

    private static String query(JsonNode event, String at) {
        JsonNode value = present(event, at, "query", true);
        if (!value.isTextual() || value.asText().isBlank() || value.asText().length() > MAX_QUERY) {
            throw malformed(at + ".query", "the field " + at + ".query must be a string of 1 to " + MAX_QUERY
                    + " characters");
        }
        return value.asText();
    }

    private static boolean hasControl(String value) {
        return value.chars().anyMatch(Character::isISOControl);
    }

    private static String truncate(String name) {
        return name.length() <= 64 ? name : name.substring(0, 64);
    }

    private static ProblemException malformed(String field, String detail) {
        return new ProblemException(ProblemType.MALFORMED_BODY, detail, field);
    }
}
