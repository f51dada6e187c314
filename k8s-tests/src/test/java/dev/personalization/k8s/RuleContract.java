package dev.personalization.k8s;

import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** A point of issue 13 as a table of rules: each holds in every overlay and reports the fixture that breaks it. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class RuleContract {

    protected abstract List<RuleCase> rules();

    Stream<Arguments> everyOverlay() {
        return rules().stream().flatMap(c -> Rendered.OVERLAYS.stream().map(o -> Arguments.of(c, o)));
    }

    @ParameterizedTest(name = "{0} holds in {1}")
    @MethodSource("everyOverlay")
    void holds(RuleCase rule, String overlay) {
        rule.holdsFor(overlay);
    }

    @ParameterizedTest(name = "{0} reports its broken fixture")
    @MethodSource("rules")
    void reportsItsBrokenFixture(RuleCase rule) {
        rule.reportsItsFixture();
    }
}
