package dev.pep.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The reader of the dashboard's queries, on expressions written out here, and on the dashboard
 * itself: every query reads at least one metric. Whether those metrics exist is checked against a
 * real run's scrape in {@link MetricsEndpointIT}.
 */
class DashboardQueriesTest {
  @Test
  void metricNamesAreTheSelectorsNotTheFunctionsLabelsOrKeywords() {
    assertThat(
            DashboardQueries.metricNames(
                "histogram_quantile(0.95, sum by (le) (rate(pep_sink_batch_write_seconds_bucket"
                    + "{instance=~\"$instance\", job=\"a{b}\"}[5m])))"))
        .containsExactly("pep_sink_batch_write_seconds_bucket");
    assertThat(
            DashboardQueries.metricNames(
                "sum without (instance) (pep_a_total) / on (group) max(pep_b_records) or vector(0)"))
        .containsExactly("pep_a_total", "pep_b_records");
  }

  @Test
  void everyQueryOfTheDashboardReadsAMetric() throws IOException {
    List<String> exprs = DashboardQueries.expressions();
    assertThat(exprs).hasSizeGreaterThan(10);
    for (String e : exprs) {
      assertThat(DashboardQueries.metricNames(e)).as(e).isNotEmpty();
    }
  }
}
