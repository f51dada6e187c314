package dev.personalization.recommendation.eval;

import java.time.LocalDateTime;

/** One purchase line of the Online Retail files: customer_id,stock_code,description,quantity,unit_price,invoice_ts,country. */
public record RetailRow(int customerId, String stockCode, String description, int quantity, double unitPrice,
                        LocalDateTime at, String country) {
}
