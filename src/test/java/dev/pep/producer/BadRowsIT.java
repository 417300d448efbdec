package dev.pep.producer;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pep.Fixtures;
import dev.pep.broker.EmbeddedBroker;
import dev.pep.config.PipelineConfig;
import dev.pep.csv.CsvSource;
import dev.pep.event.BadRowException;
import dev.pep.event.EventJson;
import dev.pep.event.EventParser;
import dev.pep.event.PurchaseEvent;
import dev.pep.event.Reject;
import dev.pep.event.SourceIdentity;
import dev.pep.kafka.KafkaClients;
import dev.pep.kafka.Topics;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** mixed-rows.csv (five good rows, six bad) through CsvProducer into a real broker. */
class BadRowsIT {
  private static final String FILE = "mixed-rows.csv";
  private static EmbeddedBroker broker;

  @TempDir static Path brokerDir;
  @TempDir Path tmp;

  @BeforeAll
  static void startBroker() {
    broker = EmbeddedBroker.start(brokerDir, 0);
  }

  @AfterAll
  static void stopBroker() {
    if (broker != null) {
      broker.close();
    }
  }

  private ProduceSummary produce(String topic, Path rejects) {
    return produce(topic, rejects, Map.of());
  }

  private ProduceSummary produce(String topic, Path rejects, Map<String, String> settings) {
    // The date layout is given: detection would read line 8's ISO date as a good row.
    Map<String, String> all = new java.util.HashMap<>(settings);
    all.put("CSV_DATE_FORMAT", "M/d/yyyy H:mm");
    PipelineConfig config =
        TestConfigs.of(tmp, broker.bootstrapServers(), topic, Fixtures.fixture(FILE), rejects, all);
    int partitions =
        Topics.ensure(KafkaClients.plain(broker.bootstrapServers()), topic, config.partitions());
    return TestProduce.run(config, partitions);
  }

  @Test
  void everyRowReadIsSentOrRejected() {
    Path rejects = tmp.resolve("out/rejects.csv");

    ProduceSummary s = produce("bad-rows-summary", rejects);

    assertThat(s.failure()).isNull();
    assertThat(s.complete()).isTrue();
    assertThat(s.rowsRead()).isEqualTo(11);
    assertThat(s.sent()).isEqualTo(5);
    assertThat(s.committed()).isEqualTo(5);
    assertThat(s.rejected()).isEqualTo(6);
    assertThat(s.rowsRead()).isEqualTo(s.sent() + s.rejected());
    assertThat(s.rejectsFile()).isEqualTo(rejects);
    assertThat(s.firstRejects())
        .extracting(Reject::message)
        .containsExactly(
            FILE + " line 4: has 7 fields, expected 8 as in the header",
            FILE + " line 5: is an empty line",
            FILE + " line 6, column Quantity: 'six' is not a whole number",
            FILE + " line 7, column UnitPrice: '1,2x' is not a decimal number",
            FILE
                + " line 8, column InvoiceDate: '2010-12-01 08:45' is not a date in the layout"
                + " M/d/yyyy H:mm");
  }

  @Test
  void theRejectsFileHoldsExactlyTheBadRowsWithTheirReasons() throws IOException {
    Path rejects = tmp.resolve("rejects.csv");

    produce("bad-rows-rejects", rejects);

    assertThat(Files.readAllLines(rejects, StandardCharsets.ISO_8859_1))
        .containsExactly(
            "InvoiceNo,StockCode,Description,Quantity,InvoiceDate,UnitPrice,CustomerID,Country,"
                + "reject_file,reject_line,reject_column,reject_value,reject_reason",
            "536367,84879,ASSORTED COLOUR BIRD ORNAMENT,32,12/1/2010 8:34,1.69,13047,,"
                + FILE
                + ",4,,,\"has 7 fields, expected 8 as in the header\"",
            ",,,,,,,," + FILE + ",5,,,is an empty line",
            "536368,22960,JAM MAKING SET WITH JARS,six,12/1/2010 8:34,4.25,13047,United Kingdom,"
                + FILE
                + ",6,Quantity,six,is not a whole number",
            "536369,21756,BATH BUILDING BLOCK WORD,3,12/1/2010 8:35,\"1,2x\",13047,United Kingdom,"
                + FILE
                + ",7,UnitPrice,\"1,2x\",is not a decimal number",
            "536370,22728,ALARM CLOCK BAKELIKE PINK,24,2010-12-01 08:45,3.75,12583,France,"
                + FILE
                + ",8,InvoiceDate,2010-12-01 08:45,is not a date in the layout M/d/yyyy H:mm",
            ",22727,ALARM CLOCK BAKELIKE RED ,24,12/1/2010 8:45,3.75,12583,France,"
                + FILE
                + ",9,InvoiceNo,,is empty; a value is required");
  }

  @Test
  void theTopicHoldsExactlyTheGoodRows() {
    String topic = "bad-rows-topic";

    produce(topic, tmp.resolve("rejects.csv"));

    List<ConsumerRecord<byte[], byte[]>> records =
        TopicContents.all(broker.bootstrapServers(), topic);
    List<PurchaseEvent> inTopic = new ArrayList<>();
    for (ConsumerRecord<byte[], byte[]> r : records) {
      PurchaseEvent e = EventJson.read(r.value());
      assertThat(r.headers().toArray()).isEmpty(); // PEP_EVENT_ID_HEADER is off by default
      assertThat(e.source().file()).isEqualTo(FILE);
      assertThat(e.eventId()).endsWith(":" + e.source().line());
      assertThat(new String(r.key(), StandardCharsets.UTF_8)).isEqualTo(e.invoiceNo());
      inTopic.add(e);
    }
    inTopic.sort(Comparator.comparingLong(e -> e.source().line()));

    assertThat(inTopic).containsExactlyElementsOf(goodRowsOfTheFixture());
    assertThat(inTopic).extracting(e -> e.source().line()).containsExactly(2L, 3L, 10L, 11L, 12L);
  }

  @Test
  void withTheEventIdHeaderSetEachRecordCarriesItsIdInOneHeader() {
    String topic = "bad-rows-id-header";

    produce(topic, tmp.resolve("rejects-header.csv"), Map.of("PEP_EVENT_ID_HEADER", "true"));

    List<ConsumerRecord<byte[], byte[]>> records =
        TopicContents.all(broker.bootstrapServers(), topic);
    assertThat(records).hasSize(5);
    for (ConsumerRecord<byte[], byte[]> r : records) {
      assertThat(r.headers().toArray()).hasSize(1);
      assertThat(TopicContents.header(r, "event-id"))
          .isEqualTo(EventJson.read(r.value()).eventId());
    }
  }

  /** The fixture's good rows, parsed directly, without Kafka. */
  private static List<PurchaseEvent> goodRowsOfTheFixture() {
    Path file = Fixtures.fixture(FILE);
    List<PurchaseEvent> events = new ArrayList<>();
    try (CsvSource source = CsvSource.open(file, StandardCharsets.ISO_8859_1, ',')) {
      EventParser parser =
          new EventParser(
              SourceIdentity.of(file),
              source.layout(),
              "M/d/yyyy H:mm",
              java.time.ZoneId.of("Europe/London"));
      while (source.hasNext()) {
        try {
          events.add(parser.parse(source.next()));
        } catch (BadRowException e) {
          // counted by the other tests
        }
      }
    }
    return events;
  }
}
