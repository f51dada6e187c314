package dev.personalization.infra.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Where the machine's CPU went during a window, by process, from Linux' {@code /proc}: each process's user
 * plus system time (its {@code stat}), summed per part of the suite. For a JVM of the suite the time of its
 * JIT compiler threads and of its garbage collector threads is also counted apart (per thread, from
 * {@code task/<tid>/stat}), so that a window still paying for warm-up shows it.
 *
 * <p>Without {@code /proc} (not Linux) {@link #sample()} is empty and the report says it was not measured.
 */
public final class CpuUse {

    /** One part of the suite's time, split as a JVM's: all of it, and of that its JIT and GC threads. */
    public record Ticks(long total, long jit, long gc) {
        Ticks plus(Ticks other) {
            return new Ticks(total + other.total, jit + other.jit, gc + other.gc);
        }

        Ticks minus(Ticks other) {
            return new Ticks(total - other.total, jit - other.jit, gc - other.gc);
        }
    }

    /** Clock ticks per second of utime and stime: USER_HZ, 100 on every Linux this suite runs on. */
    static final int TICKS_PER_SECOND = 100;

    private static final Pattern SERVICE_JAR = Pattern.compile("([A-Za-z0-9_.-]+)/target/quarkus-app/quarkus-run\\.jar");

    private final Path proc;
    private final long self;

    public CpuUse() {
        this(Path.of("/proc"), ProcessHandle.current().pid());
    }

    CpuUse(Path proc, long self) {
        this.proc = proc;
        this.self = self;
    }

    /** Ticks per process now, keyed by pid, each with its group; empty without /proc. */
    public Map<Long, Sampled> sample() {
        Map<Long, Sampled> sampled = new HashMap<>();
        if (!Files.isDirectory(proc)) {
            return sampled;
        }
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(proc, "[0-9]*")) {
            for (Path entry : entries) {
                long pid = Long.parseLong(entry.getFileName().toString());
                try {
                    String cmdline = new String(Files.readAllBytes(entry.resolve("cmdline")), StandardCharsets.UTF_8)
                            .replace('\0', ' ').trim();
                    Optional<Long> ticks = ticks(Files.readString(entry.resolve("stat")));
                    if (ticks.isEmpty()) {
                        continue;
                    }
                    String group = group(cmdline, pid == self);
                    Ticks split = isSuiteJvm(group) ? jvmThreads(entry, ticks.get()) : new Ticks(ticks.get(), 0, 0);
                    sampled.put(pid, new Sampled(group, split));
                } catch (IOException | RuntimeException gone) {
                    // the process ended while it was read: its time is no longer anyone's
                }
            }
        } catch (IOException e) {
            return Map.of();
        }
        return sampled;
    }

    /**
     * Waits until the whole machine uses less than {@code cores} over one-second intervals, at most
     * {@code limit}; returns the last interval's use (NaN without /proc, at once).
     */
    public double settle(double cores, Duration limit) throws InterruptedException {
        long deadline = System.nanoTime() + limit.toNanos();
        double used;
        do {
            Map<Long, Sampled> before = sample();
            if (before.isEmpty()) {
                return Double.NaN;
            }
            long start = System.nanoTime();
            Thread.sleep(1_000); // the measuring interval itself
            Map<Long, Sampled> after = sample();
            long ticks = between(before, after).values().stream().mapToLong(Ticks::total).sum();
            used = ticks / (double) TICKS_PER_SECOND / ((System.nanoTime() - start) / 1e9);
        } while (used >= cores && System.nanoTime() < deadline);
        return used;
    }

    /** A process's group and ticks at one sample. */
    public record Sampled(String group, Ticks ticks) {
    }

    /**
     * Ticks per group between two samples, of the processes alive at the second: a process born in between
     * counts from zero, one that ended is gone with its time (the suite's parts run throughout a window).
     */
    public static Map<String, Ticks> between(Map<Long, Sampled> before, Map<Long, Sampled> after) {
        Map<String, Ticks> groups = new TreeMap<>();
        after.forEach((pid, now) -> {
            Sampled then = before.get(pid);
            Ticks delta = then == null || !then.group().equals(now.group()) ? now.ticks() : now.ticks().minus(then.ticks());
            groups.merge(now.group(), delta, Ticks::plus);
        });
        return groups;
    }

    private Ticks jvmThreads(Path process, long total) {
        long jit = 0;
        long gc = 0;
        try (DirectoryStream<Path> threads = Files.newDirectoryStream(process.resolve("task"))) {
            for (Path thread : threads) {
                try {
                    String stat = Files.readString(thread.resolve("stat"));
                    long ticks = ticks(stat).orElse(0L);
                    switch (threadKind(threadName(stat))) {
                        case "jit" -> jit += ticks;
                        case "gc" -> gc += ticks;
                        default -> { }
                    }
                } catch (IOException | RuntimeException gone) {
                    // the thread ended while it was read
                }
            }
        } catch (IOException e) {
            return new Ticks(total, 0, 0);
        }
        return new Ticks(total, jit, gc);
    }

    /** utime + stime of a {@code stat} line (fields 14 and 15, counted after the command in parentheses). */
    static Optional<Long> ticks(String stat) {
        int close = stat.lastIndexOf(')');
        if (close < 0 || close + 2 > stat.length()) {
            return Optional.empty();
        }
        String[] fields = stat.substring(close + 2).trim().split(" ");
        if (fields.length < 13) {
            return Optional.empty();
        }
        // fields[0] is field 3 (state); utime is field 14, stime field 15
        return Optional.of(Long.parseLong(fields[11]) + Long.parseLong(fields[12]));
    }

    /** The thread's name as the kernel keeps it (its first 15 characters), from its {@code stat} line. */
    static String threadName(String stat) {
        int open = stat.indexOf('(');
        int close = stat.lastIndexOf(')');
        return open < 0 || close < open ? "" : stat.substring(open + 1, close);
    }

    /** HotSpot's thread names: "C2 CompilerThre(ad0)", "C1 CompilerThre", "GC Thread#0", "G1 Conc#0", "G1 Refine#0". */
    static String threadKind(String name) {
        if (name.startsWith("C1 CompilerThre") || name.startsWith("C2 CompilerThre")) {
            return "jit";
        }
        if (name.startsWith("GC Thread") || name.startsWith("G1 ") || name.startsWith("VM Thread")) {
            return "gc";
        }
        return "other";
    }

    /**
     * The part of the suite a process is: a service by its jar's module, PostgreSQL by the database a
     * backend serves, the broker, this harness, or the rest of the machine.
     */
    static String group(String cmdline, boolean self) {
        if (self) {
            return "this harness";
        }
        Matcher service = SERVICE_JAR.matcher(cmdline);
        if (service.find()) {
            return service.group(1);
        }
        if (cmdline.startsWith("postgres: ")) {
            // a backend: "postgres: [cluster: ]user database host(port) state"; else a server process
            String[] words = cmdline.substring("postgres: ".length()).split(" ");
            int at = words.length > 0 && words[0].endsWith(":") ? 1 : 0;
            if (words.length > at + 2 && (words[at + 2].contains("(") || words[at + 2].equals("[local]"))) {
                return "PostgreSQL, database " + words[at + 1];
            }
            return "PostgreSQL, server processes";
        }
        if (cmdline.contains("/bin/postgres ")) {
            return "PostgreSQL, server processes";
        }
        if (cmdline.contains("dev.personalization.infra.BrokerMain") || cmdline.contains("kafka.Kafka ")) {
            return "Kafka broker";
        }
        return "other processes";
    }

    static boolean isSuiteJvm(String group) {
        return group.endsWith("-service") || group.equals("gateway") || group.equals("Kafka broker")
                || group.equals("this harness");
    }

    /** The Markdown table of a window: per group, CPU seconds, milliseconds per unit of work and share. */
    public static String table(Map<String, Ticks> groups, double seconds, long units, String unit) {
        long all = groups.values().stream().mapToLong(Ticks::total).sum();
        StringBuilder md = new StringBuilder();
        md.append("| process | CPU s | ms per ").append(unit).append(" | share | of which JIT / GC threads |\n")
                .append("|---|---:|---:|---:|---|\n");
        groups.entrySet().stream()
                .sorted((a, b) -> Long.compare(b.getValue().total(), a.getValue().total()))
                .filter(e -> e.getValue().total() > 0)
                .forEach(e -> {
                    Ticks t = e.getValue();
                    md.append("| ").append(e.getKey())
                            .append(" | ").append(String.format(Locale.ROOT, "%.2f", t.total() / (double) TICKS_PER_SECOND))
                            .append(" | ").append(units == 0 ? "-" : String.format(Locale.ROOT, "%.2f", perUnit(t.total(), units)))
                            .append(" | ").append(String.format(Locale.ROOT, "%.0f %%", 100.0 * t.total() / Math.max(1, all)))
                            .append(" | ").append(isSuiteJvm(e.getKey()) && units > 0
                                    ? String.format(Locale.ROOT, "%.2f / %.2f ms", perUnit(t.jit(), units), perUnit(t.gc(), units))
                                    : "")
                            .append(" |\n");
                });
        md.append("| **all** | ").append(String.format(Locale.ROOT, "%.2f", all / (double) TICKS_PER_SECOND))
                .append(" | ").append(units == 0 ? "-" : String.format(Locale.ROOT, "%.2f", perUnit(all, units)))
                .append(" | ").append(String.format(Locale.ROOT, "%.2f cores", all / (double) TICKS_PER_SECOND / seconds))
                .append(" | |\n");
        return md.toString();
    }

    private static double perUnit(long ticks, long units) {
        return ticks * 1000.0 / TICKS_PER_SECOND / units;
    }
}
