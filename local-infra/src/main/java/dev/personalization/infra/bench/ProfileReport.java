package dev.personalization.infra.bench;

import java.time.Duration;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.Map;

/** The figures of one run of the profile benchmark, and their Markdown report. */
public record ProfileReport(ZonedDateTime startedAt, String machine, BenchOptions options, int eventBytes,
        long acceptedEvents, long droppedEvents, long batches, Percentiles httpMillis, Percentiles endToEndMillis,
        long snapshots, Map<String, Long> errors, long missingSnapshots, ProducerPerfResult raw, String rawConditions, Percentiles purgeMillis,
        String timestamps, Map<String, CpuUse.Ticks> cpu) {

    /** The aims: end to end at least a quarter of the raw rate; purge p99 under 2 s. */
    public static final double RATIO_AIM = 0.25;
    public static final long PURGE_P99_AIM_MS = 2_000;

    public double eventsPerSecond() {
        return acceptedEvents / seconds(options.duration());
    }

    /** End-to-end accepted events/s over the broker's raw records/s; NaN without a raw measurement. */
    public double ratio() {
        return raw == null || raw.recordsPerSecond() <= 0 ? Double.NaN : eventsPerSecond() / raw.recordsPerSecond();
    }

    public String fileStamp() {
        return startedAt.withZoneSameInstant(ZoneOffset.UTC).format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss"));
    }

    public String markdown() {
        StringBuilder md = new StringBuilder();
        md.append("# profile intake benchmark, ")
                .append(startedAt.withZoneSameInstant(ZoneOffset.UTC).format(DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'")))
                .append("\n\n");
        md.append("Machine: ").append(machine).append("; the suite, its broker, PostgreSQL and this harness all on it.\n");
        md.append("Load: ").append(options.subjects()).append(" subjects (bench-profile-1..").append(options.subjects())
                .append("), all three purposes granted; ").append(options.clients())
                .append(" concurrent HTTP/1.1 clients posting batches of ").append(options.batchSize())
                .append(" events (70 % views, 10 % purchases, 20 % searches; ").append(eventBytes)
                .append(" bytes of JSON per event on average) to ").append(options.intake())
                .append(options.intake().equals(options.gateway()) ? "/api/activity through the gateway; "
                        : "/api/activity, straight to profile-service (not through the gateway); ").append(human(options.warmup())).append(" warm-up, then ")
                .append(human(options.duration())).append(" measured.\n\n");

        md.append("| measure | value |\n|---|---:|\n");
        row(md, "accepted events/s, end to end", number(eventsPerSecond()));
        row(md, "batches completed in the measured window", batches + " (" + number(batches / seconds(options.duration())) + "/s)");
        row(md, "per batch, HTTP 202: p50 / p99", latency(httpMillis));
        row(md, "per batch, end to end (sent → 202 and its snapshot read from profile.features.v1): p50 / p99",
                latency(endToEndMillis));
        row(md, "features snapshots read in the measured window (coalescing)", snapshots + " ("
                + (batches == 0 ? "-" : String.format(Locale.ROOT, "%.2f", snapshots / (double) batches)) + " per batch)");
        if (raw != null) {
            row(md, "broker raw records/s (ProducerPerformance, " + raw.records() + " records of " + eventBytes
                    + " bytes, acks=all)", number(raw.recordsPerSecond()));
            row(md, "ratio end to end ÷ raw (aim ≥ " + RATIO_AIM + ")",
                    String.format(Locale.ROOT, "%.3f (%s)", ratio(), ratio() >= RATIO_AIM ? "met" : "NOT met"));
        } else {
            row(md, "broker raw records/s", "not measured (--raw-records 0)");
        }
        if (purgeMillis != null && purgeMillis.count() > 0) {
            long p99 = purgeMillis.percentile(99);
            row(md, "withdrawal → empty snapshot, " + purgeMillis.count() + " subjects: p50 / p99 / max",
                    millis(purgeMillis.percentile(50)) + " / " + millis(p99) + " / " + millis(purgeMillis.max()));
            row(md, "purge p99 under " + PURGE_P99_AIM_MS / 1000 + " s", p99 < PURGE_P99_AIM_MS ? "met" : "NOT met");
        } else {
            row(md, "withdrawal → empty snapshot", "not measured (--purge-subjects 0)");
        }
        md.append('\n');

        long errorCount = errors.values().stream().mapToLong(Long::longValue).sum();
        if (errorCount == 0 && missingSnapshots == 0 && droppedEvents == 0
                && (purgeMillis == null || purgeMillis.missing() == 0)) {
            md.append("No errors: every batch was answered 202 with all its events accepted, and every snapshot arrived.\n\n");
        } else {
            md.append("**Not clean:**");
            errors.forEach((what, count) -> md.append(" ").append(count).append(" × ").append(what).append(";"));
            if (droppedEvents > 0) {
                md.append(" ").append(droppedEvents).append(" events answered as dropped in measured batches;");
            }
            if (missingSnapshots > 0) {
                md.append(" ").append(missingSnapshots).append(" accepted batches whose snapshot was not read within ")
                        .append(human(options.timeout())).append(" (left out of the figures);");
            }
            if (purgeMillis != null && purgeMillis.missing() > 0) {
                md.append(" ").append(purgeMillis.missing()).append(" subjects whose withdrawal events or empty snapshot were not read within ")
                        .append(human(options.timeout())).append(" (counted as slower than any other);");
            }
            md.append("\n\n");
        }

        md.append("Where the CPU went in the measured window (per batch completed; from /proc, user + system time of each\n"
                + "process):\n\n");
        if (cpu.isEmpty()) {
            md.append("Not measured (no /proc on this machine).\n\n");
        } else {
            md.append(CpuUse.table(cpu, seconds(options.duration()), batches, "batch")).append('\n');
            md.append("JIT and GC are the time of a JVM's compiler and collector threads, part of its total: a JVM still\n"
                    + "compiling shows a window not yet at steady state (a longer --warmup reaches further into it).\n\n");
        }

        md.append("How it is measured:\n\n");
        md.append("- Each subject has one batch on the wire at a time and sends its next one as soon as the previous one was\n"
                + "  answered, without waiting for its snapshot. A batch that changes a profile locks its subject and takes the\n"
                + "  subject's next snapshotVersion, in the order of the subject's batches, and nothing else changes a benchmark\n"
                + "  subject during the load; so, counting from the version read after priming, the harness knows each batch's\n"
                + "  version. A batch is done when its 202 came back and a snapshot of its subject with at least that version was\n"
                + "  read from profile.features.v1: that snapshot was built from the subject's rows after the batch committed (it\n"
                + "  leaves through the outbox), and one coalesced snapshot completes every batch it covers. A version read beyond\n"
                + "  the count would be reported as an error. End-to-end events/s = events accepted in the batches done within the\n"
                + "  measured window ÷ its length. HTTP 202 p50/p99 is send → answer of the same batches.\n");
        if (raw != null) {
            md.append("- Raw rate: `org.apache.kafka.tools.ProducerPerformance` (kafka-tools of the broker's version) in its own JVM,\n"
                    + "  same run, after the load and before the withdrawals: " + raw.records() + " records of " + eventBytes
                    + " bytes (one event's mean JSON size), `--throughput -1`, `acks=all`, other producer settings Kafka's\n"
                    + "  defaults, to a scratch topic `" + RawProducerRate.TOPIC + "` (3 partitions, 1 replica, like the suite's; deleted\n"
                    + "  afterwards); " + rawConditions + ". It said: `" + raw.line() + "`\n");
        }
        md.append("- Purge: each subject's three purposes withdrawn in turn (PUT /api/consents/me/{purpose} {\"granted\":false}, ")
                .append(options.purgeClients()).append(" subjects at a time);\n"
                        + "  time = record timestamp of its empty snapshot on profile.features.v1 − record timestamp of its last withdrawal\n"
                        + "  event on consent.decisions.v1 (" + timestamps + "; one machine, one clock).\n");
        md.append("- Percentiles are nearest-rank over every batch (or subject) measured.\n");
        return md.toString();
    }

    private static void row(StringBuilder md, String what, String value) {
        md.append("| ").append(what).append(" | ").append(value).append(" |\n");
    }

    private String latency(Percentiles p) {
        return p == null || p.count() == 0 ? "-" : millis(p.percentile(50)) + " / " + millis(p.percentile(99));
    }

    private String millis(long ms) {
        return ms == Percentiles.MISSING ? "> " + human(options.timeout()) : ms + " ms";
    }

    static String number(double value) {
        return Double.isNaN(value) ? "-" : String.format(Locale.ROOT, "%,.0f", value);
    }

    static String human(Duration duration) {
        return duration.toMillis() % 1000 == 0 ? duration.toSeconds() + " s" : duration.toMillis() + " ms";
    }

    private static double seconds(Duration duration) {
        return duration.toNanos() / 1e9;
    }
}
