package dev.pep.producer;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pep.Fixtures;
import dev.pep.broker.EmbeddedBroker;
import dev.pep.config.PipelineConfig;
import dev.pep.event.EventJson;
import dev.pep.event.PurchaseEvent;
import dev.pep.kafka.KafkaClients;
import dev.pep.kafka.Topics;
import java.nio.file.Path;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The sibling data set Online Retail II (other column names, ISO dates, UTF-8, {@code 13085.0})
 * produced into a real broker with the detected layout and read back. The expected facts were
 * counted from the file with Python's csv module, independently of pep.
 */
class OnlineRetailIIIT {
  private static final String DATA = "online-retail-ii/online_retail_II_2009-2010.csv";
  private static final long ROWS = 525_461;

  @TempDir Path tmp;

  @Test
  void everyRowIsProducedAndConsumedOnceWithTheDataSetsFacts() {
    Path csv = Fixtures.sharedData(DATA);
    try (EmbeddedBroker broker = EmbeddedBroker.start(tmp.resolve("kafka"), 0)) {
      String topic = "retail-ii";
      PipelineConfig config =
          TestConfigs.of(tmp, broker.bootstrapServers(), topic, csv, tmp.resolve("rejects.csv"));
      int partitions =
          Topics.ensure(KafkaClients.plain(broker.bootstrapServers()), topic, config.partitions());

      ProduceSummary s = TestProduce.run(config, partitions);

      assertThat(s.failure()).isNull();
      assertThat(s.rowsRead()).isEqualTo(ROWS);
      assertThat(s.sent()).isEqualTo(ROWS);
      assertThat(s.committed()).isEqualTo(ROWS);
      assertThat(s.rejected()).isZero();

      Set<String> ids = new HashSet<>();
      Set<String> invoices = new HashSet<>();
      Set<String> customers = new HashSet<>();
      Set<String> countries = new HashSet<>();
      long[] withoutCustomer = {0};
      OffsetDateTime[] range = {null, null};
      long records =
          TopicContents.forEach(
              broker.bootstrapServers(),
              topic,
              r -> {
                PurchaseEvent e = EventJson.read(r.value());
                ids.add(e.eventId());
                invoices.add(e.invoiceNo());
                countries.add(e.country());
                if (e.customerId() == null) {
                  withoutCustomer[0]++;
                } else {
                  customers.add(e.customerId());
                }
                OffsetDateTime d = e.invoiceDate();
                range[0] = range[0] == null || d.isBefore(range[0]) ? d : range[0];
                range[1] = range[1] == null || d.isAfter(range[1]) ? d : range[1];
              });

      assertThat(records).isEqualTo(ROWS);
      assertThat(ids).hasSize((int) ROWS);
      assertThat(invoices).hasSize(28_816);
      assertThat(customers).hasSize(4_383).contains("13085").allMatch(c -> c.matches("\\d+"));
      assertThat(withoutCustomer[0]).isEqualTo(107_927);
      assertThat(countries).hasSize(40);
      assertThat(range[0]).isEqualTo(OffsetDateTime.of(2009, 12, 1, 7, 45, 0, 0, ZoneOffset.UTC));
      assertThat(range[1]).isEqualTo(OffsetDateTime.of(2010, 12, 9, 20, 1, 0, 0, ZoneOffset.UTC));
    }
  }
}
