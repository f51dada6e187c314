package dev.personalization.recommendation.catalog;

import dev.personalization.recommendation.catalog.taxonomy.CategoryTaxonomy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;
import org.tukaani.xz.XZInputStream;

/**
 * Loads the demo catalog through the gateway: one product per stock code of the Online Retail data set
 * (its most frequent description as title, the median unit price, a category derived from the description),
 * then a few promotions. Run by {@code ./suite up} once the suite is healthy, with a partner token holding
 * {@code catalog:write deals:write} in SUITE_TOKEN; idempotent (bulk create-or-replace, PUT deals), so a
 * re-run leaves the same catalog.
 *
 * <p>Usage: {@code DemoCatalog DATA.csv.xz} with SUITE_GATEWAY (default http://127.0.0.1:8080) and SUITE_TOKEN.
 */
public final class DemoCatalog {

    /** Real products only: the data set also holds postage, fees and manual adjustments (POST, M, DOT, ...). */
    static final Pattern STOCK_CODE = Pattern.compile("\\d{5}[A-Za-z]{0,2}");
    static final int BATCH = 500;

    /** One stock code's rows: descriptions with their counts and every unit price. */
    static final class Item {
        final Map<String, Integer> descriptions = new HashMap<>();
        final List<BigDecimal> prices = new ArrayList<>();
    }

    /** A product of the demo catalog. */
    record DemoProduct(String id, String title, String category, BigDecimal price) {
    }

    private DemoCatalog() {
    }

    public static void main(String[] args) throws IOException, InterruptedException {
        if (args.length != 1) {
            System.err.println("usage: DemoCatalog DATA.csv.xz   (env SUITE_TOKEN, SUITE_GATEWAY)");
            System.exit(2);
        }
        String token = System.getenv("SUITE_TOKEN");
        if (token == null || token.isBlank()) {
            System.err.println("SUITE_TOKEN must hold a partner token with catalog:write deals:write");
            System.exit(2);
        }
        String gateway = System.getenv().getOrDefault("SUITE_GATEWAY", "http://127.0.0.1:8080");
        List<DemoProduct> products;
        try (InputStream in = new XZInputStream(Files.newInputStream(Path.of(args[0])))) {
            products = products(in);
        }
        int[] loaded = load(HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build(), gateway, token,
                products, Instant.now());
        System.out.println("demo catalog: " + loaded[0] + " products, " + loaded[1] + " promotions");
    }

    /** The demo promotions: id, target field, target, percent off (the heart holder, or the first product). */
    static List<String[]> deals(List<DemoProduct> products) {
        return List.of(
                new String[] {"demo-candles", "category", "home/candles", "15"},
                new String[] {"demo-christmas", "category", "christmas", "25"},
                new String[] {"demo-kitchen", "category", "kitchen", "10"},
                new String[] {"demo-heart-holder", "productId", products.stream().map(DemoProduct::id)
                        .filter("85123A"::equals).findFirst().orElse(products.get(0).id()), "20"});
    }

    /**
     * Writes the products in bulk and the promotions (valid 30 days from the start of {@code now}'s day)
     * through {@code gateway}; answers how many of each.
     */
    static int[] load(HttpClient http, String gateway, String token, List<DemoProduct> products, Instant now)
            throws IOException, InterruptedException {
        ObjectMapper json = new ObjectMapper();
        for (int from = 0; from < products.size(); from += BATCH) {
            ArrayNode batch = json.createArrayNode();
            for (DemoProduct product : products.subList(from, Math.min(products.size(), from + BATCH))) {
                ObjectNode node = batch.addObject();
                node.put("id", product.id());
                node.put("title", product.title());
                node.put("category", product.category());
                node.put("price", product.price());
            }
            send(http, token, HttpRequest.newBuilder(URI.create(gateway + "/api/catalog/products"))
                    .POST(HttpRequest.BodyPublishers.ofString(json.writeValueAsString(batch))));
        }
        Instant from = now.truncatedTo(ChronoUnit.DAYS);
        Instant until = from.plus(Duration.ofDays(30));
        List<String[]> deals = deals(products);
        for (String[] deal : deals) {
            ObjectNode node = json.createObjectNode();
            node.put(deal[1], deal[2]);
            node.put("percentOff", Integer.parseInt(deal[3]));
            node.put("validFrom", from.toString());
            node.put("validUntil", until.toString());
            send(http, token, HttpRequest.newBuilder(URI.create(gateway + "/api/deals/" + deal[0]))
                    .PUT(HttpRequest.BodyPublishers.ofString(json.writeValueAsString(node))));
        }
        return new int[] {products.size(), deals.size()};
    }

    private static void send(HttpClient http, String token, HttpRequest.Builder request)
            throws IOException, InterruptedException {
        HttpResponse<String> response = http.send(request.header("Authorization", "Bearer " + token)
                .header("Content-Type", "application/json").timeout(Duration.ofSeconds(60)).build(),
                HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() >= 300) {
            throw new IOException("the gateway answered " + response.statusCode() + ": " + response.body());
        }
    }

    /** The products of the data set, by stock code. */
    static List<DemoProduct> products(InputStream csv) throws IOException {
        Map<String, Item> items = new TreeMap<>();
        BufferedReader reader = new BufferedReader(new InputStreamReader(csv, StandardCharsets.UTF_8));
        String header = reader.readLine();
        if (header == null || !header.startsWith("customer_id,stock_code,description,quantity,unit_price")) {
            throw new IOException("not the Online Retail csv: " + header);
        }
        for (String line = reader.readLine(); line != null; line = reader.readLine()) {
            List<String> fields = fields(line);
            if (fields.size() < 5) {
                continue;
            }
            String code = fields.get(1).toUpperCase(Locale.ROOT);
            String description = fields.get(2).strip();
            if (!STOCK_CODE.matcher(code).matches() || description.isEmpty()) {
                continue;
            }
            Item item = items.computeIfAbsent(code, c -> new Item());
            item.descriptions.merge(description, 1, Integer::sum);
            item.prices.add(new BigDecimal(fields.get(4)));
        }
        List<DemoProduct> products = new ArrayList<>(items.size());
        items.forEach((code, item) -> {
            String description = item.descriptions.entrySet().stream()
                    .sorted(Map.Entry.<String, Integer>comparingByValue().reversed().thenComparing(Map.Entry.comparingByKey()))
                    .findFirst().orElseThrow().getKey();
            products.add(new DemoProduct(code, title(description), category(description), median(item.prices)));
        });
        return products;
    }

    /** RFC 4180 fields of one line (quoted fields may hold commas and doubled quotes). */
    static List<String> fields(String line) {
        List<String> fields = new ArrayList<>();
        StringBuilder field = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (quoted) {
                if (c == '"' && i + 1 < line.length() && line.charAt(i + 1) == '"') {
                    field.append('"');
                    i++;
                } else if (c == '"') {
                    quoted = false;
                } else {
                    field.append(c);
                }
            } else if (c == '"') {
                quoted = true;
            } else if (c == ',') {
                fields.add(field.toString());
                field.setLength(0);
            } else {
                field.append(c);
            }
        }
        fields.add(field.toString());
        return fields;
    }

    static BigDecimal median(List<BigDecimal> prices) {
        List<BigDecimal> sorted = prices.stream().sorted().toList();
        int n = sorted.size();
        BigDecimal median = n % 2 == 1 ? sorted.get(n / 2)
                : sorted.get(n / 2 - 1).add(sorted.get(n / 2)).divide(BigDecimal.valueOf(2), 4, RoundingMode.HALF_UP);
        return median.setScale(2, RoundingMode.HALF_UP);
    }

    /** "WHITE HANGING HEART T-LIGHT HOLDER" becomes "White Hanging Heart T-Light Holder". */
    static String title(String description) {
        StringBuilder title = new StringBuilder(description.length());
        boolean start = true;
        for (char c : description.toLowerCase(Locale.ROOT).toCharArray()) {
            title.append(start ? Character.toUpperCase(c) : c);
            start = !Character.isLetterOrDigit(c) && c != '\'';
        }
        String text = title.toString().replaceAll("\\p{Cntrl}", " ");
        return text.length() > 200 ? text.substring(0, 200) : text;
    }

    /** The category path of the offline evaluation's taxonomy, so that the demo and the evaluation agree. */
    static String category(String description) {
        return CategoryTaxonomy.categoryOf(description);
    }
}
