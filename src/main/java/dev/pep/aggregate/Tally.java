package dev.pep.aggregate;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.pep.event.PurchaseEvent;
import java.math.BigDecimal;
import java.util.List;
import java.util.TreeSet;

/**
 * What an aggregate holds for one key: exact sums, the distinct invoices (kept, so that a count of
 * distinct invoices can grow correctly as events arrive), and a description. Adding the same events
 * in any order gives the same tally: sums, a set, and the first description in character order.
 * Immutable; stored as JSON in the aggregate's state store.
 *
 * @param revenue sum of quantity × unit price, exact
 * @param invoices the distinct invoice numbers, sorted; empty for aggregates that do not count them
 * @param description the first description in character order, or null when none was seen
 */
record Tally(
    @JsonProperty("revenue") BigDecimal revenue,
    @JsonProperty("quantity") long quantity,
    @JsonProperty("lines") long lines,
    @JsonProperty("invoices") List<String> invoices,
    @JsonProperty("description") String description) {

  static final Tally EMPTY = new Tally(BigDecimal.ZERO, 0, 0, List.of(), null);

  Tally {
    invoices = List.copyOf(invoices);
  }

  /** This tally with {@code e} added; {@code keepInvoices} false skips the invoice set. */
  Tally add(PurchaseEvent e, boolean keepInvoices) {
    List<String> inv = invoices;
    if (keepInvoices && !invoices.contains(e.invoiceNo())) {
      TreeSet<String> s = new TreeSet<>(invoices);
      s.add(e.invoiceNo());
      inv = List.copyOf(s);
    }
    String d = description;
    if (e.description() != null && (d == null || e.description().compareTo(d) < 0)) {
      d = e.description();
    }
    return new Tally(
        revenue.add(e.unitPrice().multiply(BigDecimal.valueOf(e.quantity()))),
        quantity + e.quantity(),
        lines + 1,
        inv,
        d);
  }
}
