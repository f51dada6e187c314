package dev.personalization.infra.testing;

import dev.personalization.infra.testing.ProductionStart.RequiredSetting;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Outside the dev and test profiles nothing falls back to dev material: a module's
 * {@code ProductionConfigIT} extends this and lists what its packaged app needs in production. Started
 * with one of them missing, the app stops at start and names it; started with all of them, it runs
 * (so that the list is the whole of what it needs).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
public abstract class ProductionConfigContract {

    /** Every setting the packaged app needs in production, each with a sample that works here. */
    protected abstract List<RequiredSetting> requiredSettings();

    List<RequiredSetting> settings() {
        return requiredSettings();
    }

    @ParameterizedTest(name = "without {0}")
    @MethodSource("settings")
    void aMissingSettingStopsTheStartAndIsNamed(RequiredSetting missing) {
        ProductionStart.assertStopsNaming(Path.of("."), requiredSettings(), missing);
    }

    @Test
    void everySettingGivenItStarts() {
        ProductionStart.assertStartsWith(Path.of("."), requiredSettings());
    }
}
