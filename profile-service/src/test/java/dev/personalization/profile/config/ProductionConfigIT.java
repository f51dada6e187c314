package dev.personalization.profile.config;

import dev.personalization.infra.testing.ProductionConfigContract;
import dev.personalization.infra.testing.ProductionStart;
import dev.personalization.infra.testing.ProductionStart.RequiredSetting;
import java.util.List;

/** profile-service in production: every setting it needs, and nothing that falls back to dev material. */
class ProductionConfigIT extends ProductionConfigContract {

    @Override
    protected List<RequiredSetting> requiredSettings() {
        return ProductionStart.databaseServiceSettings("profile_prod_it");
    }
}
