package dev.personalization.infra;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * The Java half of the {@code ./suite} script: the steps that need a JVM (keys, tokens, databases).
 * Each command prints what it did on standard error and its result on standard output.
 */
public final class SuiteCli {

    private SuiteCli() {
    }

    public static void main(String[] args) {
        List<String> positional = Cli.positional(args);
        Map<String, String> options = Cli.options(args);
        if (positional.isEmpty()) {
            usage();
            System.exit(2);
        }
        Path keysDir = Path.of(options.getOrDefault("keys", ".suite/keys"));
        switch (positional.get(0)) {
            case "keys" -> {
                DevKeys keys = new DevKeys(keysDir).ensure("jwt", "receipt", "events");
                System.err.println("dev keys ready in " + keys.dir());
            }
            case "token" -> {
                if (positional.size() < 2) {
                    usage();
                    System.exit(2);
                }
                long minutes = Long.parseLong(options.getOrDefault("minutes", String.valueOf(MAX_TOKEN_MINUTES)));
                if (minutes < 1 || minutes > MAX_TOKEN_MINUTES) {
                    // the services refuse tokens that live longer (suite.security.max-token-lifetime)
                    System.err.println("a token may live 1 to " + MAX_TOKEN_MINUTES
                            + " minutes: every service refuses longer ones (suite.security.max-token-lifetime)");
                    System.exit(2);
                }
                DevTokens.Builder token = DevTokens.fromKeys(new DevKeys(keysDir)).token(positional.get(1))
                        .groups(options.getOrDefault("role", "user").split(","))
                        .lifetime(java.time.Duration.ofMinutes(minutes));
                if (options.containsKey("scope")) {
                    token.scopes(options.get("scope").split("[ ,]+"));
                }
                System.out.println(token.sign());
            }
            case "databases" -> {
                Postgres postgres = new Postgres(Integer.parseInt(options.getOrDefault("port", "5432")));
                // from the environment, never the command line (which every local user can read)
                String password = System.getenv().getOrDefault("SUITE_DB_PASSWORD", Postgres.LOCAL_ROLE_PASSWORD);
                for (String name : positional.subList(1, positional.size())) {
                    Postgres.ServiceDatabase database = postgres.ensureDatabase(
                            postgres.serviceDatabase(name, password, password));
                    System.err.println("database " + name + " ready on 127.0.0.1:" + postgres.port() + ", owned by "
                            + database.owner() + " (migrations); the service connects as " + database.app());
                }
            }
            case "vacuum" -> {
                Postgres postgres = new Postgres(Integer.parseInt(options.getOrDefault("port", "5432")));
                for (String name : positional.subList(1, positional.size())) {
                    postgres.vacuum(name);
                    System.err.println("database " + name + " vacuumed and analyzed");
                }
            }
            default -> {
                usage();
                System.exit(2);
            }
        }
    }

    /** The services' default suite.security.max-token-lifetime (1h): tokens minted here follow it. */
    static final long MAX_TOKEN_MINUTES = 60;

    private static void usage() {
        System.err.println("""
                usage: SuiteCli keys [--keys DIR]
                       SuiteCli token SUBJECT [--role user|partner|admin] [--scope "a b"] [--minutes N (1-60)] [--keys DIR]
                       SuiteCli vacuum NAME... [--port 5432]   VACUUM ANALYZE each database (before a benchmark)
                       SuiteCli databases NAME... [--port 5432]
                           each database with roles NAME_owner and NAME_app, password $SUITE_DB_PASSWORD
                           (default "%s", which a server that trusts 127.0.0.1 ignores)""".formatted(
                Postgres.LOCAL_ROLE_PASSWORD));
    }
}
