package dev.pep.producer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.pep.Fixtures;
import dev.pep.broker.EmbeddedBroker;
import dev.pep.config.PipelineConfig;
import dev.pep.event.EventJson;
import dev.pep.event.PurchaseEvent;
import dev.pep.kafka.KafkaClients;
import dev.pep.kafka.Topics;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Produces the whole UCI "Online Retail" file into a real broker, reads the topic back and checks
 * the facts of ../shared/data/README.md, exactly. Producing and reading happen once, in {@link
 * #produceAndReadBack()}; each test checks one fact.
 */
class FullFileIT {
  private static final String TOPIC = "purchase-events";
  private static final long ROWS = 541_909;

  @TempDir static Path tmp;
  private static EmbeddedBroker broker;
  private static Path rejects;
  private static ProduceSummary summary;
  private static int partitions;
  private static final Tally tally = new Tally();

  private static final String DATA = "online-retail/Online Retail.csv";

  @BeforeAll
  static void produceAndReadBack() {
    if (Fixtures.sharedDataAbsent(DATA) != null) {
      return; // each test reports the skip with the reason (see requireData)
    }
    Path csv = Fixtures.sharedData(DATA);
    broker = EmbeddedBroker.start(tmp.resolve("kafka"), 0);
    rejects = tmp.resolve("rejects.csv");
    PipelineConfig config = TestConfigs.of(tmp, broker.bootstrapServers(), TOPIC, csv, rejects);
    partitions =
        Topics.ensure(KafkaClients.plain(broker.bootstrapServers()), TOPIC, config.partitions());
    summary = TestProduce.run(config, partitions);
    tally.records = TopicContents.forEach(broker.bootstrapServers(), TOPIC, tally::add);
  }

  @AfterAll
  static void stopBroker() {
    if (broker != null) {
      broker.close();
    }
  }

  @BeforeEach
  void requireData() {
    String absent = Fixtures.sharedDataAbsent(DATA);
    assumeTrue(absent == null, absent);
  }

  @Test
  void everyRowIsSentAndAcknowledgedAndNoneRejected() {
    assertThat(summary.failure()).isNull();
    assertThat(summary.complete()).isTrue();
    assertThat(summary.file()).isEqualTo("Online Retail.csv");
    assertThat(summary.rowsRead()).isEqualTo(ROWS);
    assertThat(summary.sent()).isEqualTo(ROWS);
    assertThat(summary.committed()).isEqualTo(ROWS);
    assertThat(summary.rejected()).isZero();
    assertThat(summary.rejectsFile()).isNull();
    assertThat(rejects).doesNotExist();
  }

  @Test
  void theTopicHoldsEveryEventOnceWithItsIdInTheHeader() {
    assertThat(tally.records).isEqualTo(ROWS);
    assertThat(tally.eventIds).hasSize((int) ROWS);
    assertThat(tally.withHeaders).isZero();
    assertThat(tally.lineMismatches).isZero();
    assertThat(tally.sourceMismatches).isZero();
    assertThat(tally.keyMismatches).isZero();
    // Data rows are lines 2 to 541,910: no multi-line records in this file.
    assertThat(tally.minLine).isEqualTo(2);
    assertThat(tally.maxLine).isEqualTo(ROWS + 1);
  }

  @Test
  void distinctInvoicesStockCodesCustomersAndCountries() {
    assertThat(tally.invoices).hasSize(25_900);
    assertThat(tally.stockCodes).hasSize(4_070);
    assertThat(tally.customers).hasSize(4_372);
    assertThat(tally.withoutCustomer).isEqualTo(135_080);
    assertThat(tally.countries).hasSize(38);
  }

  @Test
  void descriptionsCancellationsQuantitiesAndPrices() {
    assertThat(tally.withoutDescription).isEqualTo(1_454);
    assertThat(tally.cancellations).isEqualTo(9_288);
    assertThat(tally.quantityNotPositive).isEqualTo(10_624);
    assertThat(tally.priceNotPositive).isEqualTo(2_517);
    assertThat(tally.priceNegative).isEqualTo(2);
    assertThat(tally.negativePriceInvoices).containsExactlyInAnyOrder("A563186", "A563187");
  }

  @Test
  void theIso88591PoundSignIsDecoded() {
    assertThat(tally.withPoundSign).isEqualTo(32);
  }

  @Test
  void invoiceDatesSpanTheDocumentedRangeInLondonTime() {
    assertThat(tally.first).isEqualTo(OffsetDateTime.of(2010, 12, 1, 8, 26, 0, 0, ZoneOffset.UTC));
    assertThat(tally.last).isEqualTo(OffsetDateTime.of(2011, 12, 9, 12, 50, 0, 0, ZoneOffset.UTC));
    assertThat(tally.summerTime).isPositive();
    assertThat(tally.otherOffsets).isZero();
  }

  /** What the read-back found; filled on the reading thread, read by the tests afterwards. */
  @Test
  void everyInvoiceIsInThePartitionKafkasOwnPartitionerGivesItsKey() {
    // pep picks each record's partition on its reader thread; Kafka's default partitioner, given
    // the same keys by a plain producer, must agree for every invoice.
    String check = "placement-check";
    assertThat(Topics.ensure(KafkaClients.plain(broker.bootstrapServers()), check, partitions))
        .isEqualTo(partitions);
    try (KafkaProducer<byte[], byte[]> p =
        new KafkaProducer<>(
            Map.of("bootstrap.servers", broker.bootstrapServers()),
            new ByteArraySerializer(),
            new ByteArraySerializer())) {
      for (String invoice : tally.partitionOfInvoice.keySet()) {
        p.send(new ProducerRecord<>(check, invoice.getBytes(StandardCharsets.UTF_8), new byte[0]));
      }
      p.flush();
    }
    Map<String, Integer> kafkas = new HashMap<>();
    TopicContents.forEach(
        broker.bootstrapServers(),
        check,
        r -> kafkas.put(new String(r.key(), StandardCharsets.UTF_8), r.partition()));

    assertThat(tally.invoicesInTwoPartitions).isZero();
    assertThat(tally.partitionOfInvoice).hasSize(25_900);
    assertThat(kafkas).isEqualTo(tally.partitionOfInvoice);
  }

  private static final class Tally {
    long records;
    final Set<String> eventIds = new HashSet<>();
    final Set<String> invoices = new HashSet<>();
    final Set<String> stockCodes = new HashSet<>();
    final Set<String> customers = new HashSet<>();
    final Set<String> countries = new HashSet<>();
    final Set<String> negativePriceInvoices = new HashSet<>();
    long withoutCustomer;
    long withoutDescription;
    long cancellations;
    long quantityNotPositive;
    long priceNotPositive;
    long priceNegative;
    long withPoundSign;
    long withHeaders;
    long lineMismatches;
    long sourceMismatches;
    long keyMismatches;
    final Map<String, Integer> partitionOfInvoice = new HashMap<>();
    long invoicesInTwoPartitions;
    long minLine = Long.MAX_VALUE;
    long maxLine;
    long summerTime;
    long otherOffsets;
    OffsetDateTime first;
    OffsetDateTime last;

    void add(ConsumerRecord<byte[], byte[]> r) {
      PurchaseEvent e = EventJson.read(r.value());
      eventIds.add(e.eventId());
      Integer before = partitionOfInvoice.put(e.invoiceNo(), r.partition());
      if (before != null && before != r.partition()) {
        invoicesInTwoPartitions++;
      }
      if (r.headers().toArray().length != 0) {
        withHeaders++; // the id is in the value; PEP_EVENT_ID_HEADER is off by default
      }
      if (!e.eventId().endsWith(":" + e.source().line())) {
        lineMismatches++;
      }
      if (!"Online Retail.csv".equals(e.source().file())) {
        sourceMismatches++;
      }
      if (r.key() == null || !e.invoiceNo().equals(new String(r.key(), StandardCharsets.UTF_8))) {
        keyMismatches++;
      }
      minLine = Math.min(minLine, e.source().line());
      maxLine = Math.max(maxLine, e.source().line());
      invoices.add(e.invoiceNo());
      stockCodes.add(e.stockCode());
      countries.add(e.country());
      if (e.customerId() == null) {
        withoutCustomer++;
      } else {
        customers.add(e.customerId());
      }
      if (e.description() == null) {
        withoutDescription++;
      } else if (e.description().contains("\u00a3")) {
        withPoundSign++;
      }
      if (e.invoiceNo().startsWith("C")) {
        cancellations++;
      }
      if (e.quantity() <= 0) {
        quantityNotPositive++;
      }
      int price = e.unitPrice().compareTo(BigDecimal.ZERO);
      if (price <= 0) {
        priceNotPositive++;
      }
      if (price < 0) {
        priceNegative++;
        negativePriceInvoices.add(e.invoiceNo());
      }
      OffsetDateTime d = e.invoiceDate();
      if (first == null || d.isBefore(first)) {
        first = d;
      }
      if (last == null || d.isAfter(last)) {
        last = d;
      }
      if (d.getOffset().equals(ZoneOffset.ofHours(1))) {
        summerTime++;
      } else if (!d.getOffset().equals(ZoneOffset.UTC)) {
        otherOffsets++;
      }
    }
  }
}
