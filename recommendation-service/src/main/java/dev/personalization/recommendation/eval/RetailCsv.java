package dev.personalization.recommendation.eval;

import java.io.BufferedInputStream;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.tukaani.xz.XZInputStream;

/** Reads files of the Online Retail format, plain or {@code .xz}, with RFC 4180 quoting. */
public final class RetailCsv {

    static final String HEADER = "customer_id,stock_code,description,quantity,unit_price,invoice_ts,country";

    /** Postage, manual entries, carriage, fees and the like: not products, dropped before evaluating. */
    public static final Set<String> NON_PRODUCT_CODES = Set.of("POST", "M", "C2", "DOT", "BANK CHARGES", "PADS");

    private RetailCsv() {
    }

    public static List<RetailRow> read(Path file) {
        try (InputStream raw = new BufferedInputStream(Files.newInputStream(file), 1 << 16);
             InputStream in = file.getFileName().toString().endsWith(".xz") ? new XZInputStream(raw) : raw;
             BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8), 1 << 16)) {
            String header = reader.readLine();
            if (header == null || !header.strip().equals(HEADER)) {
                throw new IllegalArgumentException(file + ": expected the header " + HEADER);
            }
            List<RetailRow> rows = new ArrayList<>();
            String line;
            int number = 1;
            while ((line = reader.readLine()) != null) {
                number++;
                if (!line.isBlank()) {
                    rows.add(parse(line, file, number));
                }
            }
            return rows;
        } catch (IOException e) {
            throw new UncheckedIOException(file + ": " + e.getMessage(), e);
        }
    }

    /** The rows that are products (see {@link #NON_PRODUCT_CODES}). */
    public static List<RetailRow> productsOnly(List<RetailRow> rows) {
        return rows.stream().filter(row -> !NON_PRODUCT_CODES.contains(row.stockCode())).toList();
    }

    static RetailRow parse(String line, Path file, int number) {
        List<String> fields = fields(line);
        if (fields.size() != 7) {
            throw new IllegalArgumentException(file + ":" + number + ": expected 7 fields, found " + fields.size());
        }
        try {
            return new RetailRow(Integer.parseInt(fields.get(0)), fields.get(1), fields.get(2),
                    Integer.parseInt(fields.get(3)), Double.parseDouble(fields.get(4)),
                    LocalDateTime.parse(fields.get(5)), fields.get(6));
        } catch (NumberFormatException | DateTimeParseException e) {
            throw new IllegalArgumentException(file + ":" + number + ": " + e.getMessage(), e);
        }
    }

    static List<String> fields(String line) {
        List<String> fields = new ArrayList<>(7);
        StringBuilder field = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (quoted) {
                if (c == '"') {
                    if (i + 1 < line.length() && line.charAt(i + 1) == '"') {
                        field.append('"');
                        i++;
                    } else {
                        quoted = false;
                    }
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
}
