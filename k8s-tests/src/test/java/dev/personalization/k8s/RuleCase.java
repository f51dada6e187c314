package dev.personalization.k8s;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.function.Function;

/**
 * One rule of issue 13 with the fixture that breaks it: the rule must hold for every overlay and must
 * report its fixture, naming what the fixture broke (so that a rule that checks nothing cannot pass).
 */
record RuleCase(String rule, Function<Rendered, List<String>> check, String fixture, String reported) {

    @Override
    public String toString() {
        return rule;
    }

    void holdsFor(String overlay) {
        assertEquals(List.of(), check.apply(Rendered.overlay(overlay)), rule + " in k8s/overlays/" + overlay);
    }

    void reportsItsFixture() {
        List<String> violations = check.apply(Rendered.fixture(fixture));
        assertTrue(violations.stream().anyMatch(v -> v.contains(reported)),
                rule + " should report fixture " + fixture + " with \"" + reported + "\", reported " + violations);
    }

}
