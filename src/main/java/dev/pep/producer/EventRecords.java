package dev.pep.producer;

import dev.pep.config.KeyField;
import dev.pep.config.PipelineConfig;
import dev.pep.event.EventJson;
import dev.pep.event.EventSchema;
import dev.pep.event.PurchaseEvent;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.internals.BuiltInPartitioner;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeader;

/**
 * Turns events into ready Kafka records: the configured key, the partition, the JSON value and,
 * when configured ({@code PEP_EVENT_ID_HEADER}), the {@code event-id} header. Used by one thread
 * (the {@link RowPreparer}'s); not thread-safe.
 *
 * <p>With {@code keyPartitions} set (the topic's partition count), each keyed record carries the
 * partition Kafka's default partitioner would give its key, computed here rather than on the
 * sending thread.
 */
final class EventRecords {
  private final String topic;
  private final KeyField keyField;
  private final int keyPartitions;
  private final boolean idHeader;
  private final EventJson json = new EventJson();

  EventRecords(String topic, KeyField keyField, int keyPartitions, boolean idHeader) {
    this.topic = topic;
    this.keyField = keyField;
    this.keyPartitions = keyPartitions;
    this.idHeader = idHeader;
  }

  /** The records of {@code config}'s topic, partitioned as {@link #keyPartitions} decides. */
  static EventRecords of(PipelineConfig config, TransactionalSender sender) {
    return new EventRecords(
        config.topic(), config.keyField(), keyPartitions(config, sender), config.idHeader());
  }

  /**
   * The topic's partition count when this class may pick each keyed record's partition itself, as
   * Kafka's default partitioner would (the same hash of the key bytes): this takes that work, and
   * the metadata lookup behind it, off the sending thread. 0 when the user configured another
   * partitioner or {@code partitioner.ignore.keys}: the producer then decides.
   */
  private static int keyPartitions(PipelineConfig config, TransactionalSender sender) {
    Map<String, Object> p = ProducerProperties.of(config);
    boolean ownPartitioner =
        p.get(ProducerConfig.PARTITIONER_CLASS_CONFIG) != null
            || "true"
                .equalsIgnoreCase(
                    String.valueOf(p.get(ProducerConfig.PARTITIONER_IGNORE_KEYS_CONFIG)));
    return ownPartitioner ? 0 : sender.partitionCount(config.topic());
  }

  /**
   * The record of {@code event}. No header by default: the value holds the id, the file and the
   * line, and every header is encoded, sized and parsed again for each record on both sides
   * (measured: the one {@code event-id} header cost a cold produce about 10% of its CPU and a
   * consume about 17%, docs/benchmarks/cold-produce.md).
   */
  ProducerRecord<byte[], byte[]> of(PurchaseEvent event) {
    byte[] key = key(event);
    List<Header> headers =
        idHeader
            ? List.of(
                new RecordHeader(
                    EventSchema.HEADER_EVENT_ID, event.eventId().getBytes(StandardCharsets.UTF_8)))
            : List.of();
    return new ProducerRecord<>(topic, partition(key), key, json.write(event), headers);
  }

  /**
   * The partition Kafka's default partitioner gives {@code key} (the same function), or null to let
   * the producer pick: no key, or {@code keyPartitions} is 0.
   */
  private Integer partition(byte[] key) {
    return key == null || keyPartitions == 0
        ? null
        : BuiltInPartitioner.partitionForKey(key, keyPartitions);
  }

  private byte[] key(PurchaseEvent e) {
    String v =
        switch (keyField) {
          case INVOICE_NO -> e.invoiceNo();
          case STOCK_CODE -> e.stockCode();
          case CUSTOMER_ID -> e.customerId();
          case NONE -> null;
        };
    return v == null ? null : v.getBytes(StandardCharsets.UTF_8);
  }
}
