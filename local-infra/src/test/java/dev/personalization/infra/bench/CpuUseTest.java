package dev.personalization.infra.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Reading /proc: a stat line's ticks, a process's group, a JVM's JIT and GC threads, a window's difference. */
class CpuUseTest {

    // a real line's shape: the command may hold spaces and parentheses; utime 1234 and stime 56 are fields 14, 15
    private static final String STAT = "4242 (C2 CompilerThre) S 1 4242 4242 0 -1 4194560 9000 0 0 0 1234 56 0 0 20 0 "
            + "40 0 5000 4000000000 60000 18446744073709551615 1 1 0 0 0 0 0 4096 16384 0 0 0 17 1 0 0 0 0 0";

    @Test
    void aStatLineGivesUserPlusSystemTicksAndTheThreadName() {
        assertEquals(Optional.of(1290L), CpuUse.ticks(STAT));
        assertEquals("C2 CompilerThre", CpuUse.threadName(STAT));
        String oddName = STAT.replace("(C2 CompilerThre)", "(a) b (c)");
        assertEquals(Optional.of(1290L), CpuUse.ticks(oddName), "the last ')' ends the name");
        assertEquals(Optional.empty(), CpuUse.ticks("4242 (truncated"));
    }

    @Test
    void threadNamesOfHotSpotSortIntoJitGcAndTheRest() {
        assertEquals("jit", CpuUse.threadKind("C2 CompilerThre"));
        assertEquals("jit", CpuUse.threadKind("C1 CompilerThre"));
        assertEquals("gc", CpuUse.threadKind("GC Thread#1"));
        assertEquals("gc", CpuUse.threadKind("G1 Conc#0"));
        assertEquals("other", CpuUse.threadKind("vert.x-eventloo"));
        assertEquals("other", CpuUse.threadKind("executor-thread"));
    }

    @Test
    void processesGroupByServiceDatabaseBrokerAndHarness() {
        assertEquals("profile-service", CpuUse.group(
                "java -Xms64m -Xmx384m -jar /work/main/profile-service/target/quarkus-app/quarkus-run.jar", false));
        assertEquals("gateway", CpuUse.group("java -jar /x/gateway/target/quarkus-app/quarkus-run.jar", false));
        assertEquals("PostgreSQL, database profile", CpuUse.group(
                "postgres: 15/main: profile_app profile 127.0.0.1(33450) idle", false));
        assertEquals("PostgreSQL, database recommendation", CpuUse.group(
                "postgres: recommendation_app recommendation 127.0.0.1(40000) idle in transaction", false),
                "an embedded server's backends have no cluster name");
        assertEquals("PostgreSQL, database profile", CpuUse.group("postgres: 15/main: postgres profile [local] idle", false));
        assertEquals("PostgreSQL, server processes", CpuUse.group("postgres: 15/main: walwriter", false));
        assertEquals("PostgreSQL, server processes", CpuUse.group("postgres: 15/main: background writer", false));
        assertEquals("PostgreSQL, server processes", CpuUse.group(
                "/usr/lib/postgresql/15/bin/postgres -D /var/lib/postgresql/15/main", false));
        assertEquals("Kafka broker", CpuUse.group(
                "java -Xmx512m -cp a.jar dev.personalization.infra.BrokerMain --dir d --port 9092", false));
        assertEquals("this harness", CpuUse.group("java -cp x dev.personalization.infra.bench.ProfileBench", true));
        assertEquals("other processes", CpuUse.group("sshd: root", false));
    }

    @Test
    void aSampleSplitsASuiteJvmIntoItsThreadsAndAWindowIsTheDifference(@TempDir Path proc) throws IOException {
        process(proc, 10, "java -jar /w/profile-service/target/quarkus-app/quarkus-run.jar", 1000,
                Map.of(11, "C2 CompilerThre", 12, "GC Thread#0", 13, "executor-thread"));
        process(proc, 20, "postgres: 15/main: profile_app profile 127.0.0.1(1) idle", 300, Map.of());
        process(proc, 30, "java -cp h dev.personalization.infra.bench.ProfileBench", 50, Map.of(31, "main"));
        CpuUse cpu = new CpuUse(proc, 30);
        Map<Long, CpuUse.Sampled> before = cpu.sample();
        assertEquals(new CpuUse.Ticks(1000, 100, 100), before.get(10L).ticks(), "threads' ticks: 100 each");
        assertEquals(new CpuUse.Ticks(300, 0, 0), before.get(20L).ticks(), "not a JVM: no split");

        process(proc, 10, "java -jar /w/profile-service/target/quarkus-app/quarkus-run.jar", 1600,
                Map.of(11, "C2 CompilerThre", 12, "GC Thread#0", 13, "executor-thread"));
        Files.writeString(proc.resolve("10/task/11/stat"), stat(11, "C2 CompilerThre", 250));
        process(proc, 20, "postgres: 15/main: profile_app profile 127.0.0.1(1) idle", 700, Map.of());
        process(proc, 40, "postgres: 15/main: profile_app profile 127.0.0.1(2) idle", 90, Map.of());
        Map<String, CpuUse.Ticks> window = CpuUse.between(before, cpu.sample());
        assertEquals(600, window.get("profile-service").total());
        assertEquals(150, window.get("profile-service").jit());
        assertEquals(0, window.get("profile-service").gc());
        assertEquals(0, window.get("this harness").total());
        assertEquals(new CpuUse.Ticks(490, 0, 0), window.get("PostgreSQL, database profile"),
                "400 of the old backend and all 90 of the one born in the window");

        String table = CpuUse.table(window, 2.0, 100, "batch");
        assertTrue(table.contains("| profile-service | 6.00 | 60.00 | 55 % |"), table);
        assertTrue(table.contains("| **all** | 10.90 | 109.00 | 5.45 cores |"), table);
    }

    @Test
    void withoutProcNothingIsSampled(@TempDir Path dir) {
        assertTrue(new CpuUse(dir.resolve("absent"), 1).sample().isEmpty());
    }

    private static void process(Path proc, int pid, String cmdline, long ticks, Map<Integer, String> threads) throws IOException {
        Path dir = Files.createDirectories(proc.resolve(Integer.toString(pid)));
        Files.write(dir.resolve("cmdline"), (cmdline.replace(' ', '\0') + '\0').getBytes(StandardCharsets.UTF_8));
        Files.writeString(dir.resolve("stat"), stat(pid, "java", ticks));
        for (Map.Entry<Integer, String> thread : threads.entrySet()) {
            Path task = Files.createDirectories(dir.resolve("task").resolve(Integer.toString(thread.getKey())));
            Files.writeString(task.resolve("stat"), stat(thread.getKey(), thread.getValue(), 100));
        }
    }

    private static String stat(int pid, String name, long ticks) {
        return pid + " (" + name + ") S 1 1 1 0 -1 0 0 0 0 0 " + ticks + " 0 0 0 20 0 1 0 1 1 1";
    }
}
