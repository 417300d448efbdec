package dev.pep.event;

import dev.pep.event.EventSchema.Field;
import java.math.BigDecimal;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;

/**
 * The value of each schema field in a {@link PurchaseEvent}, written out here by hand (not taken
 * from the code under test): a field added to the schema stops this switch from compiling until a
 * test says where its value comes from.
 */
public final class FieldValues {
  /** An event with every field set, each to a value no other field of the same type has. */
  public static final PurchaseEvent FULL =
      new PurchaseEvent(
          "0123456789abcdef:2",
          "536365",
          "85123A",
          "WHITE HANGING HEART T-LIGHT HOLDER",
          6,
          OffsetDateTime.of(2010, 12, 1, 8, 26, 0, 0, ZoneOffset.UTC),
          new BigDecimal("2.55"),
          "17850",
          "United Kingdom",
          new SourcePosition("Online Retail.csv", 2));

  /** An event without the optional fields, in summer time, with a price of three decimals. */
  public static final PurchaseEvent WITHOUT_OPTIONALS =
      new PurchaseEvent(
          "0123456789abcdef:77",
          "C563186",
          "B",
          null,
          -2,
          OffsetDateTime.of(2011, 8, 12, 14, 51, 0, 0, ZoneOffset.ofHours(1)),
          new BigDecimal("3.125"),
          null,
          "France",
          new SourcePosition("online_retail_II.csv", 77));

  private FieldValues() {}

  /** The value of {@code field} in {@code e}, as its record holds it. */
  public static Object of(Field field, PurchaseEvent e) {
    return switch (field) {
      case EVENT_ID -> e.eventId();
      case INVOICE_NO -> e.invoiceNo();
      case STOCK_CODE -> e.stockCode();
      case DESCRIPTION -> e.description();
      case QUANTITY -> e.quantity();
      case INVOICE_DATE -> e.invoiceDate();
      case UNIT_PRICE -> e.unitPrice();
      case CUSTOMER_ID -> e.customerId();
      case COUNTRY -> e.country();
      case SOURCE_FILE -> e.source().file();
      case SOURCE_LINE -> e.source().line();
    };
  }
}
