package dev.personalization.profile.config;

import io.smallrye.config.ConfigMapping;

/** Secrets shared with the rest of the suite; values come from mounted secrets. */
@ConfigMapping(prefix = "suite.pseudonym")
public interface SuiteKeysConfig {

    /** HMAC secret from which every service derives subject pseudonyms. */
    String secret();
}
