package dev.pep.producer;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pep.Fixtures;
import dev.pep.broker.EmbeddedBroker;
import dev.pep.config.PipelineConfig;
import dev.pep.kafka.KafkaClients;
import dev.pep.kafka.Topics;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every variant of ../shared/data/online-retail/variants produced through CsvProducer into a real
 * broker with the detected layout: exact counts in the summary, the topic and the rejects file.
 */
class VariantsIT {
  private static final String V = "online-retail/variants/";
  private static EmbeddedBroker broker;

  @TempDir static Path brokerDir;
  @TempDir Path tmp;

  @BeforeAll
  static void startBroker() {
    if (Fixtures.sharedDataAbsent(V + "first-1071-rows_crlf.csv") == null) {
      broker = EmbeddedBroker.start(brokerDir, 0);
    }
  }

  @AfterAll
  static void stopBroker() {
    if (broker != null) {
      broker.close();
    }
  }

  private ProduceSummary produce(String file, String topic, Path rejects) {
    Path csv = Fixtures.sharedData(V + file);
    PipelineConfig config = TestConfigs.of(tmp, broker.bootstrapServers(), topic, csv, rejects);
    int partitions =
        Topics.ensure(KafkaClients.plain(broker.bootstrapServers()), topic, config.partitions());
    ProduceSummary s = TestProduce.run(config, partitions);
    assertThat(s.failure()).isNull();
    assertThat(s.complete()).isTrue();
    assertThat(s.rowsRead()).isEqualTo(s.sent() + s.rejected());
    assertThat(s.committed()).isEqualTo(s.sent());
    assertThat(TopicContents.forEach(broker.bootstrapServers(), topic, r -> {}))
        .isEqualTo(s.sent());
    return s;
  }

  @Test
  void theDayFirstFileSends39529RowsAndRejectsItsCutOffLastLine() throws IOException {
    Path rejects = tmp.resolve("rejects.csv");

    ProduceSummary s =
        produce(
            "dayfirst-dates_iso8859-1_truncated-last-line_39529rows.csv", "v-dayfirst", rejects);

    assertThat(s.rowsRead()).isEqualTo(39_530);
    assertThat(s.sent()).isEqualTo(39_529);
    assertThat(s.rejected()).isEqualTo(1);
    List<String> lines = Files.readAllLines(rejects, StandardCharsets.ISO_8859_1);
    assertThat(lines).hasSize(2);
    assertThat(lines.get(1))
        .isEqualTo(
            "539650,84347,R,,,,,,dayfirst-dates_iso8859-1_truncated-last-line_39529rows.csv,"
                + "39531,,\"539650,84347,R\",\"is cut off: the file ends after 3 of 8 fields,"
                + " without a line break\"");
  }

  @Test
  void theOtherVariantsSendEveryRow() {
    assertThat(
            produce(
                    "semicolon_mixed-dates_NA_extra-columns_5000rows.csv",
                    "v-semicolon",
                    tmp.resolve("r1.csv"))
                .sent())
        .isEqualTo(5_000);
    assertThat(
            produce(
                    "two-digit-years_extra-TotalPrice-column_no-final-newline_28492rows.csv",
                    "v-two-digit",
                    tmp.resolve("r2.csv"))
                .sent())
        .isEqualTo(28_492);
    assertThat(
            produce(
                    "iso-datetimes_decimal-customerid_10000rows.csv",
                    "v-iso",
                    tmp.resolve("r3.csv"))
                .sent())
        .isEqualTo(10_000);
    assertThat(produce("first-1071-rows_crlf.csv", "v-first", tmp.resolve("r4.csv")).sent())
        .isEqualTo(1_071);
    assertThat(tmp.resolve("r1.csv")).doesNotExist();
  }
}
