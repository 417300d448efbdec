package dev.pep.metrics;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Test helper: the PromQL expressions of the Grafana dashboard in {@code docs/grafana/} (every
 * panel target's {@code expr} and every templating query), and the metric names each one reads.
 */
final class DashboardQueries {
  static final Path DASHBOARD = Path.of("docs/grafana/pep-dashboard.json");

  /** PromQL words that are not metric names: aggregations, modifiers, keywords. */
  private static final Set<String> KEYWORDS =
      Set.of(
          "by",
          "without",
          "on",
          "ignoring",
          "group_left",
          "group_right",
          "offset",
          "bool",
          "and",
          "or",
          "unless",
          "sum",
          "min",
          "max",
          "avg",
          "count",
          "stddev",
          "stdvar",
          "topk",
          "bottomk",
          "quantile",
          "count_values",
          "group",
          "inf",
          "nan");

  private static final Pattern IDENTIFIER = Pattern.compile("[a-zA-Z_:][a-zA-Z0-9_:]*");

  private DashboardQueries() {}

  /** Every PromQL expression in the dashboard. */
  static List<String> expressions() throws IOException {
    JsonNode d = new ObjectMapper().readTree(DASHBOARD.toFile());
    List<String> exprs = new ArrayList<>();
    for (JsonNode panel : d.get("panels")) {
      for (JsonNode target : panel.path("targets")) {
        exprs.add(target.get("expr").asText());
      }
    }
    for (JsonNode variable : d.path("templating").path("list")) {
      JsonNode q = variable.path("query");
      if (q.isObject() && q.has("query")) {
        // label_values(metric, label): the metric is a selector, the label is not a metric.
        exprs.add(q.get("query").asText().replaceAll("label_values\\((.*),\\s*\\w+\\)", "$1"));
      }
    }
    return exprs;
  }

  /**
   * The metric names {@code expr} reads: its identifiers that are neither functions (followed by a
   * parenthesis), keywords, label names (inside {@code {}} or a {@code by (...)} clause), strings
   * nor durations.
   */
  static Set<String> metricNames(String expr) {
    String e =
        expr.replaceAll("\"(\\\\.|[^\"\\\\])*\"", "\"\"") // strings
            .replaceAll("\\{[^}]*}", "") // label matchers
            .replaceAll("\\[[^\\]]*]", "") // ranges
            .replaceAll("\\b(by|without|on|ignoring|group_left|group_right)\\s*\\([^)]*\\)", "");
    Set<String> names = new TreeSet<>();
    Matcher m = IDENTIFIER.matcher(e);
    while (m.find()) {
      String word = m.group();
      int after = m.end();
      while (after < e.length() && e.charAt(after) == ' ') {
        after++;
      }
      boolean function = after < e.length() && e.charAt(after) == '(';
      if (!function && !KEYWORDS.contains(word.toLowerCase(java.util.Locale.ROOT))) {
        names.add(word);
      }
    }
    return names;
  }
}
