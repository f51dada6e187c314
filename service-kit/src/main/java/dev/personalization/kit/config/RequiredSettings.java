package dev.personalization.kit.config;

import dev.personalization.kit.kafka.KafkaClientSettings;
import io.quarkus.arc.properties.IfBuildProperty;
import io.quarkus.runtime.Startup;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Settings that Quarkus treats as optional but that every service with a database needs, made
 * required so that a service started without one stops at start, naming it, before it connects
 * anywhere (required injection points are checked when the application starts):
 * <ul>
 * <li>{@code kafka.bootstrap.servers} and how to reach the broker ({@link KafkaClientSettings}): unset, the
 * client fails later without saying what it lacks; PLAINTEXT to a broker on another host, or SASL without
 * credentials, is refused here rather than tried;</li>
 * <li>{@code quarkus.datasource.username}: unset, the driver logs in as the operating system's user;</li>
 * <li>{@code suite.pseudonym.secret}: every such service keys subjects by pseudonym, whether or not a
 * request has needed one yet;</li>
 * <li>{@code quarkus.flyway.username} and {@code .password}: the owner role that runs the migrations;
 * Quarkus uses Flyway's own credentials only when both are set, and otherwise migrates as the runtime
 * role, which owns nothing and must not.</li>
 * </ul>
 * The gateway keeps no database and needs none of them, so the bean exists only where a PostgreSQL
 * datasource is built in.
 */
@Startup
@ApplicationScoped
@IfBuildProperty(name = "quarkus.datasource.db-kind", stringValue = "postgresql")
public class RequiredSettings {

    public RequiredSettings(KafkaClientSettings kafka,
            @ConfigProperty(name = "quarkus.datasource.username") String databaseUser,
            @ConfigProperty(name = "suite.pseudonym.secret") String pseudonymSecret,
            @ConfigProperty(name = "quarkus.flyway.username") String migrationUser,
            @ConfigProperty(name = "quarkus.flyway.password") String migrationPassword) {
        // nothing to keep: a required property that cannot be read has already failed the start
    }
}
