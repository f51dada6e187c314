package dev.personalization.infra.bench;

import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The options of {@link ProfileBench}, parsed strictly: an unknown option or a bad value is an error. */
public record BenchOptions(String gateway, String intake, String bootstrap, Path keys, Path results, int subjects, int clients,
        int batchSize, Duration warmup, Duration duration, int purgeSubjects, int purgeClients, long rawRecords,
        Duration timeout, boolean help) {

    public static final String USAGE = """
            usage: ./suite bench profile [--duration 30s] [--warmup 90s] [--clients 16] [--subjects 200]
                                         [--batch 100] [--purge-subjects 100] [--purge-clients 4]
                                         [--raw-records 1000000] [--timeout 30s] [--intake URL]
                   bench/profile-bench.sh [--gateway URL] [--bootstrap HOST:PORT] [--keys DIR] [same options]

            Benchmarks profile-service's activity intake end to end, through the gateway of the running suite:
              1. grants browsing, purchases and search to SUBJECTS subjects bench-profile-1..N (PUT
                 /api/consents/me/{purpose}) and posts a first batch for each until all three event types are
                 accepted (the consent view has the grants);
              2. CLIENTS threads post batches of BATCH events (POST /api/activity) for the warm-up (long
                 enough for the JVMs to finish compiling under this load on 2 cores), then for
                 the measured duration. A subject has one batch on the wire at a time, and gets its next one as
                 soon as the previous one was answered. Each batch that changes a profile takes its subject's
                 next snapshot version, so the harness knows each batch's version; a batch is done when its 202
                 came back and a snapshot of its subject with at least that version was read from
                 profile.features.v1 (one coalesced snapshot completes every batch it covers);
              3. Kafka's own ProducerPerformance (kafka-tools) writes RAW_RECORDS records of one event's JSON
                 size, acks=all, to a scratch topic on the same broker (deleted afterwards): the raw rate,
                 once the load's tail has settled (the machine under 0.5 cores busy, at most 90 s);
              4. withdraws all three purposes of PURGE_SUBJECTS subjects and measures, per subject, from the
                 broker timestamp of its last withdrawal event on consent.decisions.v1 to that of its empty
                 features snapshot on profile.features.v1.
            Reports accepted events/s end to end, p50/p99 per batch (HTTP 202 and end to end), the raw
            records/s, their ratio, the withdrawal-to-purge p50/p99 and the CPU per batch of each process in
            the measured window (from /proc), and writes them to
            RESULTS/profile-YYYYmmdd-HHMMSS.md and RESULTS/profile-latest.md.

            Options (defaults in brackets):
              --gateway URL          the suite's gateway [http://127.0.0.1:8080]
              --intake URL           where the batches go: the gateway, or profile-service itself
                                     (http://127.0.0.1:8082) to see the gateway's share [the gateway]
              --bootstrap HOST:PORT  the suite's Kafka broker [127.0.0.1:9092]
              --keys DIR             the suite's dev keys (tokens, pseudonym secret) [.suite/keys]
              --results DIR          where the report goes [bench/results]
              --subjects N           subjects under load [200]
              --clients N            concurrent HTTP clients [16]
              --batch N              events per batch, 1..500 [100]
              --warmup D             load before measuring, e.g. 20s, 1m [90s]
              --duration D           measured load [30s]
              --purge-subjects N     subjects withdrawn for the purge timing, at most --subjects [100]
              --purge-clients N      concurrent withdrawals [4]
              --raw-records N        records ProducerPerformance sends [1000000]
              --timeout D            longest wait for one snapshot or purge [30s]
            """;

    private static final Pattern DURATION = Pattern.compile("(\\d+)(ms|s|m)?");

    public static BenchOptions parse(String... args) {
        Map<String, String> values = new LinkedHashMap<>();
        boolean help = false;
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            if (arg.equals("--help") || arg.equals("-h")) {
                help = true;
                continue;
            }
            if (!arg.startsWith("--")) {
                throw new IllegalArgumentException("unexpected argument " + arg);
            }
            if (i + 1 >= args.length) {
                throw new IllegalArgumentException(arg + " needs a value");
            }
            values.put(arg.substring(2), args[++i]);
        }
        String gateway = text(values, "gateway", "http://127.0.0.1:8080").replaceAll("/+$", "");
        BenchOptions options = new BenchOptions(
                gateway,
                text(values, "intake", gateway).replaceAll("/+$", ""),
                text(values, "bootstrap", "127.0.0.1:9092"),
                Path.of(text(values, "keys", ".suite/keys")),
                Path.of(text(values, "results", "bench/results")),
                count(values, "subjects", 200, 1, 100_000),
                count(values, "clients", 16, 1, 1_000),
                count(values, "batch", 100, 1, 500),
                duration(values, "warmup", "90s", true),
                duration(values, "duration", "30s", false),
                count(values, "purge-subjects", 100, 0, 100_000),
                count(values, "purge-clients", 4, 1, 1_000),
                count(values, "raw-records", 1_000_000, 0, Integer.MAX_VALUE),
                duration(values, "timeout", "30s", false),
                help);
        if (!values.isEmpty()) {
            throw new IllegalArgumentException("unknown option --" + values.keySet().iterator().next());
        }
        if (options.purgeSubjects() > options.subjects()) {
            throw new IllegalArgumentException("--purge-subjects (" + options.purgeSubjects()
                    + ") cannot exceed --subjects (" + options.subjects() + ")");
        }
        return options;
    }

    /** "20s", "1m", "500ms" or a bare number of seconds. */
    public static Duration parseDuration(String text) {
        Matcher m = DURATION.matcher(text.trim());
        if (!m.matches()) {
            throw new IllegalArgumentException("not a duration: " + text + " (e.g. 500ms, 20s, 2m)");
        }
        long amount = Long.parseLong(m.group(1));
        String unit = m.group(2) == null ? "s" : m.group(2);
        return switch (unit) {
            case "ms" -> Duration.ofMillis(amount);
            case "m" -> Duration.ofMinutes(amount);
            default -> Duration.ofSeconds(amount);
        };
    }

    private static String text(Map<String, String> values, String name, String fallback) {
        String value = values.remove(name);
        return value == null ? fallback : value;
    }

    private static int count(Map<String, String> values, String name, int fallback, int min, int max) {
        String value = values.remove(name);
        if (value == null) {
            return fallback;
        }
        int parsed;
        try {
            parsed = Integer.parseInt(value.replace("_", ""));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("--" + name + " takes a whole number, not " + value);
        }
        if (parsed < min || parsed > max) {
            throw new IllegalArgumentException("--" + name + " must be between " + min + " and " + max);
        }
        return parsed;
    }

    private static Duration duration(Map<String, String> values, String name, String fallback, boolean zeroAllowed) {
        String value = values.remove(name);
        Duration parsed;
        try {
            parsed = parseDuration(value == null ? fallback : value);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("--" + name + ": " + e.getMessage());
        }
        if (!zeroAllowed && parsed.isZero()) {
            throw new IllegalArgumentException("--" + name + " must be longer than zero");
        }
        return parsed;
    }
}
