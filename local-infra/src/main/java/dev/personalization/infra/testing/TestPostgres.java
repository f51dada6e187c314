package dev.personalization.infra.testing;

import dev.personalization.infra.EmbeddedPostgresLauncher;
import dev.personalization.infra.Postgres;
import dev.personalization.infra.Postgres.ServiceDatabase;

/**
 * The PostgreSQL server of a test JVM: the machine's own at 127.0.0.1:5432 when it answers, else an
 * embedded one started once for this JVM.
 */
public final class TestPostgres {

    private static final String PORT = "localinfra.test.postgres.port";

    private TestPostgres() {
    }

    public static synchronized Postgres server() {
        String known = System.getProperty(PORT);
        if (known != null) {
            return new Postgres(Integer.parseInt(known));
        }
        Postgres postgres = new Postgres(Postgres.LOCAL_PORT);
        if (!postgres.isUp()) {
            postgres = EmbeddedPostgresLauncher.startForThisJvm(
                    java.nio.file.Path.of("target", "postgres-test").toAbsolutePath());
        }
        System.setProperty(PORT, Integer.toString(postgres.port()));
        return postgres;
    }

    /** A test database and its owner and runtime roles, as the tests give them to a service. */
    public static ServiceDatabase database(String name) {
        return server().serviceDatabase(name);
    }

    /** Drops and creates a test database with its roles: a test run starts from an empty schema. */
    public static ServiceDatabase recreate(String name) {
        return server().recreateDatabase(database(name));
    }
}
