package dev.pep.event;

import java.math.BigDecimal;
import java.time.OffsetDateTime;
import java.util.Objects;

/**
 * One purchase event: a typed, validated row of the CSV, and where it came from. Immutable.
 *
 * @param eventId deterministic id from the source file's identity and line ({@link SourceIdentity})
 * @param description null when the file has none (1,454 rows of the UCI file)
 * @param invoiceDate local date and time of the invoice with the offset of the configured zone
 * @param unitPrice exact, as written in the file (never a double)
 * @param customerId null when absent; a whole number written as text, without a trailing ".0"
 */
public record PurchaseEvent(
    String eventId,
    String invoiceNo,
    String stockCode,
    String description,
    int quantity,
    OffsetDateTime invoiceDate,
    BigDecimal unitPrice,
    String customerId,
    String country,
    SourcePosition source) {

  public PurchaseEvent {
    Objects.requireNonNull(eventId, "eventId");
    requireText(invoiceNo, "invoiceNo");
    requireText(stockCode, "stockCode");
    Objects.requireNonNull(invoiceDate, "invoiceDate");
    Objects.requireNonNull(unitPrice, "unitPrice");
    requireText(country, "country");
    Objects.requireNonNull(source, "source");
  }

  private static void requireText(String value, String name) {
    if (value == null || value.isEmpty()) {
      throw new IllegalArgumentException(name + " must not be empty");
    }
  }
}
