package dev.personalization.infra.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * What the intake answered to one batch: 202 {"accepted":{"view":N,"purchase":N,"search":N},
 * "dropped":[{"type":..,"reason":..,"count":N}, ...]}. Fields it may add are ignored.
 */
public record IntakeAnswer(int views, int purchases, int searches, int dropped, int droppedNoMatch) {

    private static final ObjectMapper JSON = new ObjectMapper();

    public static IntakeAnswer parse(String body) {
        JsonNode root;
        try {
            root = JSON.readTree(body);
        } catch (Exception e) {
            throw new IllegalArgumentException("the intake's answer is not JSON: " + abbreviate(body));
        }
        JsonNode accepted = root == null ? null : root.get("accepted");
        if (accepted == null || !accepted.isObject()) {
            throw new IllegalArgumentException("the intake's answer has no \"accepted\" object: " + abbreviate(body));
        }
        int dropped = 0;
        int noMatch = 0;
        JsonNode drops = root.get("dropped");
        if (drops != null && drops.isArray()) {
            for (JsonNode drop : drops) {
                dropped += drop.path("count").asInt(0);
                if ("no-match".equals(drop.path("reason").asText())) {
                    noMatch += drop.path("count").asInt(0);
                }
            }
        }
        return new IntakeAnswer(accepted.path("view").asInt(0), accepted.path("purchase").asInt(0),
                accepted.path("search").asInt(0), dropped, noMatch);
    }

    public int accepted() {
        return views + purchases + searches;
    }

    /**
     * Whether the batch changed the subject's profile, and so took the next snapshot version: the intake
     * kept something (an event dropped for matching nothing was kept past consent and validity first).
     */
    public boolean changedProfile() {
        return accepted() > 0 || droppedNoMatch > 0;
    }

    /** Every type was let in: the consent view has all three grants. */
    public boolean allTypesAccepted() {
        return views > 0 && purchases > 0 && searches > 0;
    }

    static String abbreviate(String text) {
        return text == null ? "null" : text.length() <= 200 ? text : text.substring(0, 200) + "...";
    }
}
