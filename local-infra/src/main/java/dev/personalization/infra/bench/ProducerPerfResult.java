package dev.personalization.infra.bench;

import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The summary line of Kafka's ProducerPerformance, e.g. "1000000 records sent, 250000.0 records/sec
 * (35.76 MB/sec), 80.31 ms avg latency, 250.00 ms max latency, 75 ms 50th, 200 ms 95th, 230 ms 99th,
 * 245 ms 99.9th." (4.1 prints records/sec with one decimal, later versions with six, and a second
 * "steady state" line when warm-up records were asked for; that one wins).
 */
public record ProducerPerfResult(long records, double recordsPerSecond, double megabytesPerSecond,
        double avgLatencyMs, double maxLatencyMs, long p50Ms, long p99Ms, String line) {

    private static final Pattern SUMMARY = Pattern.compile(
            "(\\d+)( steady state)? records sent, ([\\d.]+) records/sec \\(([\\d.]+) MB/sec\\), "
                    + "([\\d.]+) ms avg latency, ([\\d.]+) ms max latency, (\\d+) ms 50th, (\\d+) ms 95th, "
                    + "(\\d+) ms 99th, (\\d+) ms 99\\.9th\\.");

    /** The summary among the tool's output lines; empty when it printed none (it failed). */
    public static Optional<ProducerPerfResult> parse(List<String> lines) {
        ProducerPerfResult total = null;
        for (String line : lines) {
            Matcher m = SUMMARY.matcher(line.trim());
            if (!m.matches()) {
                continue;
            }
            ProducerPerfResult result = new ProducerPerfResult(Long.parseLong(m.group(1)),
                    Double.parseDouble(m.group(3)), Double.parseDouble(m.group(4)), Double.parseDouble(m.group(5)),
                    Double.parseDouble(m.group(6)), Long.parseLong(m.group(7)), Long.parseLong(m.group(9)),
                    line.trim());
            if (m.group(2) != null) {
                return Optional.of(result);
            }
            total = result;
        }
        return Optional.ofNullable(total);
    }
}
