package dev.personalization.infra.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.personalization.infra.DevKeys;
import dev.personalization.infra.DevTokens;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Predicate;

/**
 * Erasure completion time across services through the running suite's gateway: N shoppers each grant every
 * purpose and send activity until profile-service and recommendation-service hold their data; then each asks
 * DELETE /api/me and the harness polls GET /api/me/erasure/{id} until every service confirmed. The figure is
 * request sent to "completed" seen, per subject; p50/p99 are printed and written to
 * bench/results/erasure-*.md. The poll interval (50 ms) bounds the resolution.
 */
public final class ErasureBench {

    static final String USAGE = """
            usage: erasure-bench [--gateway URL] [--keys DIR] [--results DIR] [--subjects N] [--clients N]
              --gateway   the running suite's gateway (http://127.0.0.1:8080)
              --keys      the suite's keys (.suite/keys): signs the shoppers' tokens
              --results   where the report goes (bench/results)
              --subjects  shoppers with data that are then erased (100)
              --clients   shoppers set up and erased at once (8)
            """;
    private static final Duration POLL = Duration.ofMillis(50);
    private static final Duration WAIT = Duration.ofSeconds(120);

    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();
    private final ObjectMapper json = new ObjectMapper();
    private final String gateway;

    private ErasureBench(String gateway) {
        this.gateway = gateway;
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> options = new HashMap<>(Map.of("gateway", "http://127.0.0.1:8080", "keys", ".suite/keys",
                "results", "bench/results", "subjects", "100", "clients", "8"));
        for (int i = 0; i < args.length; i++) {
            if (args[i].equals("--help") || args[i].equals("-h")) {
                System.out.print(USAGE);
                return;
            }
            if (!args[i].startsWith("--") || i + 1 >= args.length || !options.containsKey(args[i].substring(2))) {
                System.err.print(USAGE);
                System.exit(2);
            }
            options.put(args[i].substring(2), args[++i]);
        }
        int subjects = Integer.parseInt(options.get("subjects"));
        int clients = Integer.parseInt(options.get("clients"));
        DevTokens tokens = DevTokens.fromKeys(new DevKeys(Path.of(options.get("keys"))));
        String run = LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss"));
        List<String> shoppers = new ArrayList<>();
        for (int i = 1; i <= subjects; i++) {
            // a new name per run: a subject erased before could not grant again while its request is open
            shoppers.add(tokens.token("bench-erasure-" + run + "-" + i).groups("user").lifetime(Duration.ofMinutes(60)).sign());
        }
        ErasureBench bench = new ErasureBench(options.get("gateway"));
        ExecutorService pool = Executors.newFixedThreadPool(clients);
        try {
            System.out.printf("setting up %d shoppers with consent and activity%n", subjects);
            for (Future<?> setup : pool.invokeAll(shoppers.stream().map(t -> (java.util.concurrent.Callable<Void>) () -> {
                bench.withData(t);
                return null;
            }).toList())) {
                setup.get();
            }
            System.out.printf("erasing %d shoppers, %d at a time%n", subjects, clients);
            List<Long> millis = Collections.synchronizedList(new ArrayList<>());
            for (Future<Long> erased : pool.invokeAll(shoppers.stream()
                    .map(t -> (java.util.concurrent.Callable<Long>) () -> bench.erase(t)).toList())) {
                millis.add(erased.get());
            }
            String report = report(Percentiles.of(millis), subjects, clients, run);
            System.out.print(report);
            Path results = Path.of(options.get("results"));
            Files.createDirectories(results);
            Files.writeString(results.resolve("erasure-" + run + ".md"), report);
            Files.writeString(results.resolve("erasure-latest.md"), report);
        } finally {
            pool.shutdownNow();
        }
    }

    static String report(Percentiles millis, int subjects, int clients, String run) {
        return """
                # Erasure completion time (%s)

                DELETE /api/me through the gateway until GET /api/me/erasure/{id} says completed (every required
                service confirmed), per shopper with consent for every purpose and activity held by profile-service
                and recommendation-service; %d shoppers, %d at a time; polled every %d ms.

                | erasures | not completed in %d s | p50 | p99 | max |
                |---|---|---|---|---|
                | %d | %d | %s | %s | %s |

                Aim: p99 under 5 s with every service up.
                """.formatted(run, subjects, clients, POLL.toMillis(), WAIT.toSeconds(), millis.count(), millis.missing(),
                ms(millis.percentile(50)), ms(millis.percentile(99)), ms(millis.max()));
    }

    private static String ms(long value) {
        return value == Percentiles.MISSING ? "not completed" : value + " ms";
    }

    /** Grants every purpose, sends a batch of activity, and waits until both services hold data. */
    private void withData(String token) throws IOException, InterruptedException {
        for (String purpose : List.of("browsing", "purchases", "search")) {
            expect(send(token, "PUT", "/api/consents/me/" + purpose, "{\"granted\": true}"), 200);
        }
        await(token, "/api/profile/me/consents", body -> body.path("consents").size() == 3);
        String at = java.time.Instant.now().truncatedTo(java.time.temporal.ChronoUnit.SECONDS).toString();
        expect(send(token, "POST", "/api/activity", "{\"events\":["
                + "{\"type\":\"view\",\"productId\":\"85123A\",\"category\":\"home/candles\",\"occurredAt\":\"" + at + "\"},"
                + "{\"type\":\"purchase\",\"productId\":\"22423\",\"category\":\"kitchen/mugs\",\"occurredAt\":\"" + at
                + "\",\"price\":12.5,\"quantity\":2}]}"), 202);
        // through the public export (a service's own export path is not routed by the gateway)
        await(token, "/api/me/data", body -> body.path("services").path("recommendation-service").path("data")
                .path("features").size() > 0);
    }

    /** Milliseconds from sending DELETE /api/me to seeing the request completed; MISSING past the wait. */
    private long erase(String token) throws IOException, InterruptedException {
        long start = System.nanoTime();
        HttpResponse<String> accepted = expect(send(token, "DELETE", "/api/me", null), 202);
        String id = json.readTree(accepted.body()).path("requestId").asText();
        long deadline = start + WAIT.toNanos();
        while (System.nanoTime() < deadline) {
            HttpResponse<String> status = send(token, "GET", "/api/me/erasure/" + id, null);
            if (status.statusCode() == 200 && "completed".equals(json.readTree(status.body()).path("status").asText())) {
                return Duration.ofNanos(System.nanoTime() - start).toMillis();
            }
            Thread.sleep(POLL.toMillis()); // the poll interval: the figure's resolution
        }
        return Percentiles.MISSING;
    }

    private void await(String token, String path, Predicate<JsonNode> condition) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (System.nanoTime() < deadline) {
            HttpResponse<String> answer = send(token, "GET", path, null);
            if (answer.statusCode() == 200 && condition.test(json.readTree(answer.body()))) {
                return;
            }
            Thread.sleep(POLL.toMillis()); // waits for Kafka's asynchronous delivery
        }
        throw new IllegalStateException("no data at " + path + " within " + WAIT.toSeconds() + " s");
    }

    private HttpResponse<String> send(String token, String method, String path, String body)
            throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(gateway + path)).timeout(Duration.ofSeconds(30))
                .header("Authorization", "Bearer " + token).header("Accept", "application/json");
        if (body != null) {
            request.header("Content-Type", "application/json");
        }
        return http.send(request.method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                : HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static HttpResponse<String> expect(HttpResponse<String> response, int status) {
        if (response.statusCode() != status) {
            throw new IllegalStateException(response.request().method() + " " + response.request().uri().getPath()
                    + " answered " + response.statusCode() + ", expected " + status);
        }
        return response;
    }
}
