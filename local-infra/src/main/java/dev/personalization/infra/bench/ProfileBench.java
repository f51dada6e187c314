package dev.personalization.infra.bench;

import dev.personalization.contracts.SubjectPseudonym;
import dev.personalization.contracts.Topics;
import dev.personalization.infra.DevKeys;
import dev.personalization.infra.DevTokens;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * {@code ./suite bench profile}: profile-service's activity intake measured end to end through the
 * running suite's gateway, next to the broker's raw record rate, and the withdrawal-to-purge time.
 * {@link BenchOptions#USAGE} says what it does; {@code bench/README.md} what the figures mean.
 */
public final class ProfileBench {

    /** Below this use of the whole machine (cores) the load's tail is over and the raw rate may be measured. */
    private static final double SETTLED_CORES = 0.5;

    static final List<String> PURPOSES = List.of("browsing", "purchases", "search");

    private final BenchOptions options;
    private final HttpClient http;
    private final List<BenchSubject> subjects = new ArrayList<>();
    private final Map<String, BenchSubject> byPseudonym = new ConcurrentHashMap<>();
    private final LinkedBlockingQueue<BenchSubject> ready = new LinkedBlockingQueue<>();
    private final ConcurrentLinkedQueue<BenchSubject.Completed> completed = new ConcurrentLinkedQueue<>();
    private final Map<String, AtomicLong> errors = new ConcurrentHashMap<>();
    private final AtomicLong missingSnapshots = new AtomicLong();
    private volatile boolean stopping;
    private volatile long snapshotsAtStart;
    private volatile long snapshotsInWindow;
    private final CpuUse cpu = new CpuUse();
    private String rawConditions = "";
    private Map<Long, CpuUse.Sampled> cpuAtStart = Map.of();
    private Map<String, CpuUse.Ticks> cpuInWindow = Map.of();

    ProfileBench(BenchOptions options) {
        this.options = options;
        this.http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5)).build();
    }

    public static void main(String[] args) {
        BenchOptions options;
        try {
            options = BenchOptions.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println("[bench] " + e.getMessage());
            System.err.print(BenchOptions.USAGE);
            System.exit(2);
            return;
        }
        if (options.help()) {
            System.out.print(BenchOptions.USAGE);
            return;
        }
        try {
            ProfileReport report = new ProfileBench(options).run();
            String markdown = report.markdown();
            Files.createDirectories(options.results());
            Path file = options.results().resolve("profile-" + report.fileStamp() + ".md");
            Files.writeString(file, markdown, StandardCharsets.UTF_8);
            Files.copy(file, options.results().resolve("profile-latest.md"), StandardCopyOption.REPLACE_EXISTING);
            System.out.print(markdown);
            say("written to " + file);
            System.exit(0);
        } catch (Exception e) {
            System.err.println("[bench] failed: " + (e.getMessage() != null ? e.getMessage() : e.toString()));
            System.exit(1);
        }
    }

    ProfileReport run() throws Exception {
        ZonedDateTime startedAt = ZonedDateTime.now();
        prepareSubjects();
        int eventBytes = ActivityEvents.meanEventBytes(options.batchSize(), Instant.now(), new Random(1));
        try (TopicWatcher watcher = new TopicWatcher(options.bootstrap(), Topics.PROFILE_FEATURES,
                Topics.CONSENT_DECISIONS, byPseudonym, this::complete)) {
            watcher.start();
            prime(watcher);
            say("load: " + options.clients() + " clients, batches of " + options.batchSize() + ", "
                    + ProfileReport.human(options.warmup()) + " warm-up + " + ProfileReport.human(options.duration()) + " measured");
            long[] window = load(watcher);
            String loadAverage = loadAverage();
            List<BenchSubject.Completed> measured = completed.stream()
                    .filter(c -> c.doneNanos() >= window[0] && c.doneNanos() <= window[1]).toList();
            long accepted = measured.stream().mapToLong(c -> c.answer().accepted()).sum();
            long dropped = measured.stream().mapToLong(c -> c.answer().dropped()).sum();
            Percentiles httpMillis = Percentiles.of(measured.stream()
                    .mapToLong(c -> toMillis(c.answeredNanos() - c.sentNanos())).toArray());
            Percentiles endToEndMillis = Percentiles.of(measured.stream()
                    .mapToLong(c -> toMillis(c.doneNanos() - c.sentNanos())).toArray());
            say("measured " + measured.size() + " batches, " + accepted + " accepted events");

            ProducerPerfResult raw = null;
            if (options.rawRecords() > 0) {
                // the suite finishes the load's tail (snapshots still consumed, rows still written) first: the
                // broker's rate is measured on a machine as quiet as before the load, not shared with that tail
                long settling = System.nanoTime();
                double quiet = cpu.settle(SETTLED_CORES, Duration.ofSeconds(90));
                rawConditions = Double.isNaN(quiet) ? "machine load not measured (no /proc)"
                        : String.format(Locale.ROOT, "started once the machine used %.2f cores over a second "
                                + "(waited %d s for under %.1f)", quiet, (System.nanoTime() - settling) / 1_000_000_000L, SETTLED_CORES);
                say("raw broker rate: ProducerPerformance, " + options.rawRecords() + " records of " + eventBytes + " bytes; "
                        + rawConditions);
                raw = RawProducerRate.measure(options.bootstrap(), options.rawRecords(), eventBytes, Duration.ofMinutes(10));
                say(raw.line());
            }

            Percentiles purge = null;
            if (options.purgeSubjects() > 0) {
                purge = purge(watcher);
            }
            String timestamps = "features: " + describe(watcher.featuresTimestamps()) + ", consent: "
                    + describe(watcher.consentTimestamps());
            if (watcher.unreadable() > 0) {
                count(watcher.unreadable() + " records of benchmark subjects that could not be read", 1);
            }
            Map<String, Long> errorCounts = new java.util.TreeMap<>();
            errors.forEach((what, n) -> errorCounts.put(what, n.get()));
            return new ProfileReport(startedAt, machine() + loadAverage, options, eventBytes, accepted, dropped, measured.size(),
                    httpMillis, endToEndMillis, snapshotsInWindow, errorCounts, missingSnapshots.get(), raw, rawConditions, purge,
                    timestamps, cpuInWindow);
        }
    }

    /** Subjects bench-profile-1..N with their tokens (the suite's dev key) and pseudonyms (its secret). */
    private void prepareSubjects() throws IOException {
        DevKeys keys = new DevKeys(options.keys());
        Path secret = options.keys().resolve("pseudonym.secret");
        if (!Files.exists(keys.privateKey("jwt")) || !Files.exists(secret)) {
            // never generate keys here: the running suite would not accept tokens signed with new ones
            throw new IllegalStateException("no suite keys in " + options.keys().toAbsolutePath()
                    + " (jwt-private.pem, pseudonym.secret): start the suite with ./suite up");
        }
        SubjectPseudonym pseudonyms = new SubjectPseudonym(Files.readString(secret, StandardCharsets.UTF_8).strip());
        DevTokens tokens = DevTokens.fromKeys(keys);
        for (int i = 1; i <= options.subjects(); i++) {
            String name = "bench-profile-" + i;
            String token = tokens.token(name).groups("user").lifetime(Duration.ofMinutes(60)).sign();
            BenchSubject subject = new BenchSubject(name, pseudonyms.of(name), token);
            subjects.add(subject);
            byPseudonym.put(subject.pseudonym, subject);
        }
    }

    /**
     * Grants every purpose to every subject, then posts a batch per subject until the intake accepts
     * all three types (its consent view has the grants), then waits until their snapshots stop coming.
     */
    private void prime(TopicWatcher watcher) throws Exception {
        say("granting browsing, purchases and search to " + subjects.size() + " subjects and waiting until the intake accepts all three");
        ExecutorService pool = Executors.newFixedThreadPool(options.clients());
        try {
            List<Future<?>> futures = new ArrayList<>();
            for (BenchSubject subject : subjects) {
                futures.add(pool.submit(() -> {
                    for (String purpose : PURPOSES) {
                        decide(subject, purpose, true);
                    }
                    long deadline = System.nanoTime() + options.timeout().toNanos();
                    while (true) {
                        HttpResponse<String> response = post(subject);
                        if (response.statusCode() == 404) {
                            throw new IllegalStateException("POST /api/activity answered 404: this profile-service has no activity intake");
                        }
                        if (response.statusCode() != 202) {
                            throw new IllegalStateException("POST /api/activity for " + subject.name + " answered "
                                    + response.statusCode() + ": " + IntakeAnswer.abbreviate(response.body()));
                        }
                        if (IntakeAnswer.parse(response.body()).allTypesAccepted()) {
                            return null;
                        }
                        if (System.nanoTime() > deadline) {
                            throw new IllegalStateException("the intake still drops events of " + subject.name + " "
                                    + ProfileReport.human(options.timeout()) + " after its grants: " + IntakeAnswer.abbreviate(response.body()));
                        }
                        Thread.sleep(250); // a retry interval until the grant reaches the view; the deadline above decides
                    }
                }));
            }
            for (Future<?> future : futures) {
                try {
                    future.get();
                } catch (java.util.concurrent.ExecutionException e) {
                    throw new IllegalStateException(describe(e.getCause()), e.getCause());
                }
            }
        } finally {
            pool.shutdownNow();
        }
        // the snapshots of the priming batches must be read before the load starts: each subject's
        // first measured batch compares against the last version read
        long deadline = System.nanoTime() + options.timeout().toNanos();
        long quiet = Duration.ofSeconds(1).toNanos();
        while (true) {
            watcher.check();
            long now = System.nanoTime();
            long withoutSnapshot = subjects.stream().filter(s -> s.lastVersion() < 0).count();
            long latest = subjects.stream().mapToLong(BenchSubject::lastSnapshotNanos).max().orElse(0);
            if (withoutSnapshot == 0 && now - latest > quiet) {
                break;
            }
            if (now > deadline) {
                throw new IllegalStateException(withoutSnapshot + " of " + subjects.size() + " subjects have no features snapshot on "
                        + Topics.PROFILE_FEATURES + " " + ProfileReport.human(options.timeout()) + " after their first accepted batch");
            }
            Thread.sleep(100); // a poll interval of the topic watcher; the deadline decides
        }
        subjects.forEach(BenchSubject::startCounting);
        ready.addAll(subjects);
    }

    /** Runs the load; returns the measured window {start, end} in System.nanoTime(). */
    private long[] load(TopicWatcher watcher) throws InterruptedException {
        long start = System.nanoTime();
        long measureFrom = start + options.warmup().toNanos();
        long measureTo = measureFrom + options.duration().toNanos();
        List<Thread> clients = new ArrayList<>();
        for (int i = 0; i < options.clients(); i++) {
            Thread client = new Thread(this::client, "profile-bench-client-" + i);
            client.setDaemon(true);
            client.start();
            clients.add(client);
        }
        boolean announced = false;
        while (System.nanoTime() < measureTo) {
            watcher.check();
            if (!announced && System.nanoTime() >= measureFrom) {
                snapshotsAtStart = watcher.snapshotsRead();
                cpuAtStart = cpu.sample();
                say("warm-up done, measuring");
                announced = true;
            }
            reapOverdue();
            Thread.sleep(200); // the supervisor's tick: the clients do the work, this only reports and reaps
        }
        snapshotsInWindow = watcher.snapshotsRead() - snapshotsAtStart;
        cpuInWindow = cpuAtStart.isEmpty() ? Map.of() : CpuUse.between(cpuAtStart, cpu.sample());
        stopping = true;
        for (Thread client : clients) {
            client.join(options.timeout().toMillis() + 5_000);
        }
        // let the batches still in flight finish (outside the window), so the purge phase starts quiet
        long deadline = System.nanoTime() + options.timeout().toNanos();
        while (subjects.stream().anyMatch(BenchSubject::inFlight) && System.nanoTime() < deadline) {
            reapOverdue();
            Thread.sleep(100); // a poll interval of the topic watcher; the deadline decides
        }
        long ahead = subjects.stream().filter(BenchSubject::countedAhead).count();
        if (ahead > 0) {
            // a version the harness did not cause: its batches may have been counted done too early
            count(ahead + " subjects whose snapshot version ran ahead of their batches (version count unsound)", 1);
        }
        return new long[] {measureFrom, measureTo};
    }

    private void client() {
        while (!stopping) {
            BenchSubject subject;
            try {
                subject = ready.poll(100, TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                return;
            }
            if (subject == null) {
                continue;
            }
            String body = ActivityEvents.batch(options.batchSize(), Instant.now(), ThreadLocalRandom.current());
            subject.send(System.nanoTime());
            HttpResponse<String> response;
            try {
                response = http.send(activity(subject, body), HttpResponse.BodyHandlers.ofString());
            } catch (IOException e) {
                fail(subject, e.getClass().getSimpleName() + " on POST /api/activity");
                continue;
            } catch (InterruptedException e) {
                subject.retire();
                return;
            }
            long answered = System.nanoTime();
            if (response.statusCode() != 202) {
                fail(subject, "POST /api/activity answered " + response.statusCode());
                continue;
            }
            IntakeAnswer answer;
            try {
                answer = IntakeAnswer.parse(response.body());
            } catch (IllegalArgumentException e) {
                fail(subject, "202 without a readable body");
                continue;
            }
            if (answer.accepted() == 0) {
                count("202 with nothing accepted", 1);
            }
            BenchSubject.Completed done = subject.answered(answered, answer);
            if (done != null) {
                complete(done);
            }
            // the subject's next batch goes at once: it does not wait for this one's snapshot
            ready.add(subject);
        }
    }

    private void complete(BenchSubject.Completed done) {
        completed.add(done);
    }

    /** A failed batch may or may not have changed its subject: the subject's version count ends there. */
    private void fail(BenchSubject subject, String what) {
        count(what, 1);
        subject.retire();
    }

    /** Batches answered 202 whose snapshot did not come within the time-out: counted and forgotten. */
    private void reapOverdue() {
        long cutoff = System.nanoTime() - options.timeout().toNanos();
        for (BenchSubject subject : subjects) {
            missingSnapshots.addAndGet(subject.dropOverdue(cutoff));
        }
    }

    /** Withdraws every purpose of the first N subjects; per subject, last withdrawal event → empty snapshot. */
    private Percentiles purge(TopicWatcher watcher) throws Exception {
        List<BenchSubject> purged = subjects.subList(0, options.purgeSubjects());
        say("withdrawing every purpose of " + purged.size() + " subjects, " + options.purgeClients() + " at a time");
        long startMillis = System.currentTimeMillis();
        purged.forEach(s -> s.startPurge(startMillis));
        ExecutorService pool = Executors.newFixedThreadPool(options.purgeClients());
        try {
            List<Future<?>> futures = new ArrayList<>();
            for (BenchSubject subject : purged) {
                futures.add(pool.submit(() -> {
                    for (String purpose : PURPOSES) {
                        decide(subject, purpose, false);
                    }
                    return null;
                }));
            }
            for (Future<?> future : futures) {
                try {
                    future.get();
                } catch (java.util.concurrent.ExecutionException e) {
                    throw new IllegalStateException(describe(e.getCause()), e.getCause());
                }
            }
        } finally {
            pool.shutdownNow();
        }
        long deadline = System.nanoTime() + options.timeout().toNanos();
        while (!purged.stream().allMatch(s -> s.purgeSeen(PURPOSES.size())) && System.nanoTime() < deadline) {
            watcher.check();
            Thread.sleep(100); // a poll interval of the topic watcher; the deadline decides
        }
        return Percentiles.of(purged.stream().mapToLong(s -> s.purgeMillis(PURPOSES.size())).toArray());
    }

    private void decide(BenchSubject subject, String purpose, boolean granted) throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(URI.create(options.gateway() + "/api/consents/me/" + purpose))
                .timeout(Duration.ofSeconds(30))
                .header("Authorization", "Bearer " + subject.token)
                .header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString("{\"granted\":" + granted + "}"))
                .build();
        HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() / 100 != 2) {
            throw new IllegalStateException("PUT /api/consents/me/" + purpose + " {\"granted\":" + granted + "} for "
                    + subject.name + " answered " + response.statusCode() + ": " + IntakeAnswer.abbreviate(response.body()));
        }
    }

    private HttpResponse<String> post(BenchSubject subject) throws IOException, InterruptedException {
        String body = ActivityEvents.batch(options.batchSize(), Instant.now(), ThreadLocalRandom.current());
        return http.send(activity(subject, body), HttpResponse.BodyHandlers.ofString());
    }

    private HttpRequest activity(BenchSubject subject, String body) {
        return HttpRequest.newBuilder(URI.create(options.intake() + "/api/activity"))
                .timeout(Duration.ofSeconds(30))
                .header("Authorization", "Bearer " + subject.token)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build();
    }

    private void count(String what, long n) {
        errors.computeIfAbsent(what, k -> new AtomicLong()).addAndGet(n);
    }

    private static long toMillis(long nanos) {
        return Math.round(nanos / 1e6);
    }

    private static String describe(org.apache.kafka.common.record.TimestampType type) {
        return type == null ? "none read" : type.name;
    }

    private static String machine() {
        long bytes = 0;
        if (java.lang.management.ManagementFactory.getOperatingSystemMXBean()
                instanceof com.sun.management.OperatingSystemMXBean os) {
            bytes = os.getTotalMemorySize();
        }
        return Runtime.getRuntime().availableProcessors() + " cores, " + Math.round(bytes / (double) (1L << 30)) + " GiB";
    }

    /** The machine's 1-minute load average as the measured window ended: other work on it shows in the figures. */
    private static String loadAverage() {
        double load = java.lang.management.ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
        return load < 0 ? "" : String.format(Locale.ROOT, ", 1-minute load average %.1f as the measured window ended", load);
    }

    /** A failure in words; a refused connection (no message of its own) names the address. */
    private String describe(Throwable e) {
        if (e instanceof java.net.ConnectException) {
            return "cannot connect to " + options.gateway() + " (is the suite up? ./suite status)";
        }
        return e.getMessage() != null ? e.getMessage() : e.toString();
    }

    private static void say(String message) {
        System.err.println("[bench] " + message);
    }
}
