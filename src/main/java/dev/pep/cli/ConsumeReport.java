package dev.pep.cli;

import dev.pep.consumer.ConsumeSummary;
import dev.pep.consumer.TopicReplaced;
import dev.pep.event.EventSchema;
import dev.pep.sink.SinkReport;
import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Prints a consume summary and the sink's report, and maps them to JSON. */
final class ConsumeReport {
  private ConsumeReport() {}

  static void print(ConsumeSummary s, PrintWriter out) {
    out.printf(Locale.ROOT, "Consumed %s (group %s) into %s%n", s.topic(), s.group(), s.sink());
    row(out, "events read", s.read());
    row(out, "written", s.written());
    row(out, "duplicates", s.duplicates());
    row(out, "dead-lettered", s.deadLettered());
    out.printf(Locale.ROOT, "  %-14s %,12.2f s%n", "time", s.seconds());
    out.printf(Locale.ROOT, "  %-14s %,12.0f events/s%n", "rate", s.rate());
    row(out, "lag at end", s.lag());
    if (!s.topicReplaced().isEmpty()) {
      out.println(topicReplaced(s.topicReplaced()));
    }
    if (s.deadLettered() > 0) {
      out.printf(
          "Records that were not valid events went to %s%n",
          EventSchema.deadLetterTopic(s.topic()));
    }
    out.flush();
  }

  /**
   * One line for partitions whose stored offsets belonged to a deleted topic of the same name
   * (printed when it happens, and again in the summary).
   */
  static String topicReplaced(List<TopicReplaced> partitions) {
    TopicReplaced first = partitions.get(0);
    StringBuilder parts = new StringBuilder();
    for (TopicReplaced r : partitions) {
      parts
          .append(parts.length() == 0 ? "" : ", ")
          .append(
              String.format(
                  Locale.ROOT,
                  "%d (stored offset %,d, end offset %,d)",
                  r.partition(),
                  r.storedOffset(),
                  r.endOffset()));
    }
    return String.format(
        Locale.ROOT,
        "Topic %s was deleted and created again: its id is %s, the stored offsets were read from"
            + " %s. Read from their beginning: partition%s %s; rows already stored stay, events"
            + " stored before are skipped as duplicates.",
        first.topic(),
        first.topicId(),
        first.storedTopicId(),
        partitions.size() == 1 ? "" : "s",
        parts);
  }

  static void print(SinkReport r, PrintWriter out) {
    if (r == null) {
      return;
    }
    out.println("In the database:");
    row(out, "rows", r.rows());
    row(out, "invoices", r.distinctInvoices());
    row(out, "customers", r.distinctCustomers());
    row(out, "countries", r.distinctCountries());
    row(out, "quantity", r.totalQuantity());
    out.printf(Locale.ROOT, "  %-14s %,15.2f%n", "revenue", r.revenue());
    out.println("  top countries by revenue:");
    for (SinkReport.CountryRevenue c : r.topCountries()) {
      out.printf(Locale.ROOT, "    %-20s %,15.2f%n", c.country(), c.revenue());
    }
    out.flush();
  }

  private static void row(PrintWriter out, String label, long n) {
    out.printf(Locale.ROOT, "  %-14s %,12d%n", label, n);
  }

  static Map<String, Object> toMap(ConsumeSummary s, SinkReport r) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("topic", s.topic());
    m.put("group", s.group());
    m.put("sink", s.sink());
    m.put("events_read", s.read());
    m.put("written", s.written());
    m.put("duplicates", s.duplicates());
    m.put("dead_lettered", s.deadLettered());
    m.put("stale_batches", s.staleBatches());
    m.put("retries", s.retries());
    m.put("seconds", Math.round(s.seconds() * 1000) / 1000.0);
    m.put("rate", Math.round(s.rate()));
    m.put("lag", s.lag());
    if (!s.topicReplaced().isEmpty()) {
      m.put(
          "topic_replaced",
          List.copyOf(
              s.topicReplaced().stream()
                  .map(
                      t ->
                          Map.of(
                              "partition", t.partition(),
                              "stored_offset", t.storedOffset(),
                              "stored_topic_id", t.storedTopicId(),
                              "topic_id", t.topicId(),
                              "end_offset", t.endOffset()))
                  .toList()));
    }
    if (r != null) {
      Map<String, Object> db = new LinkedHashMap<>();
      db.put("rows", r.rows());
      db.put("distinct_invoices", r.distinctInvoices());
      db.put("distinct_customers", r.distinctCustomers());
      db.put("distinct_countries", r.distinctCountries());
      db.put("total_quantity", r.totalQuantity());
      db.put("revenue", r.revenue());
      db.put(
          "top_countries",
          List.copyOf(
              r.topCountries().stream()
                  .map(c -> Map.of("country", c.country(), "revenue", c.revenue()))
                  .toList()));
      m.put("database", db);
    }
    return m;
  }
}
