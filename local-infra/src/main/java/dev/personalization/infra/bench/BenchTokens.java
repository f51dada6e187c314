package dev.personalization.infra.bench;

import dev.personalization.infra.DevKeys;
import dev.personalization.infra.DevTokens;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/**
 * Prints user tokens for subjects PREFIX-1..PREFIX-N, one "subject token" line each, signed with the running
 * suite's dev key: one JVM for a whole benchmark's subjects instead of one {@code ./suite token} per subject.
 *
 * <p>Usage: {@code BenchTokens --keys DIR --prefix P --count N [--minutes M]}
 */
public final class BenchTokens {

    private BenchTokens() {
    }

    public static void main(String[] args) {
        Path keysDir = null;
        String prefix = null;
        int count = 0;
        int minutes = 60;
        for (int i = 0; i + 1 < args.length; i += 2) {
            switch (args[i]) {
                case "--keys" -> keysDir = Path.of(args[i + 1]);
                case "--prefix" -> prefix = args[i + 1];
                case "--count" -> count = Integer.parseInt(args[i + 1]);
                case "--minutes" -> minutes = Integer.parseInt(args[i + 1]);
                default -> throw new IllegalArgumentException("unknown option " + args[i]);
            }
        }
        if (keysDir == null || prefix == null || count < 1 || minutes < 1 || minutes > 60) {
            System.err.println("usage: BenchTokens --keys DIR --prefix P --count N [--minutes 1..60]");
            System.exit(2);
        }
        DevKeys keys = new DevKeys(keysDir);
        if (!Files.exists(keys.privateKey("jwt"))) {
            // never generate keys here: the running suite would not accept tokens signed with new ones
            System.err.println("no suite key in " + keysDir.toAbsolutePath() + ": start the suite with ./suite up");
            System.exit(1);
        }
        DevTokens tokens = DevTokens.fromKeys(keys);
        StringBuilder out = new StringBuilder();
        for (int i = 1; i <= count; i++) {
            String subject = prefix + "-" + i;
            out.append(subject).append(' ')
                    .append(tokens.token(subject).groups("user").lifetime(Duration.ofMinutes(minutes)).sign()).append('\n');
        }
        System.out.print(out);
    }
}
