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
 * Turns events into ready Kafka records: the configured key, the partition, the {@code event-id}
 * header and the JSON value. Used by one thread (the {@link RowPreparer}'s); not thread-safe.
 *
 * <p>With {@code keyPartitions} set (the topic's partition count), each keyed record carries the
 * partition Kafka's default partitioner would give its key, computed here rather than on the
 * sending thread.
 */
final class EventRecords {
  private final String topic;
  private final KeyField keyField;
  private final int keyPartitions;
  private final EventJson json = new EventJson();

  EventRecords(String topic, KeyField keyField, int keyPartitions) {
    this.topic = topic;
    this.keyField = keyField;
    this.keyPartitions = keyPartitions;
  }

  /** The records of {@code config}'s topic, partitioned as {@link #keyPartitions} decides. */
  static EventRecords of(PipelineConfig config, TransactionalSender sender) {
    return new EventRecords(config.topic(), config.keyField(), keyPartitions(config, sender));
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

  ProducerRecord<byte[], byte[]> of(PurchaseEvent event) {
    // One header only: the JSON already holds source_file and source_line, and every header
    // is encoded again for each record (measured: 3 headers cost ~10% of throughput).
    Header id =
        new RecordHeader(
            EventSchema.HEADER_EVENT_ID, event.eventId().getBytes(StandardCharsets.UTF_8));
    byte[] key = key(event);
    return new ProducerRecord<>(topic, partition(key), key, json.write(event), List.of(id));
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
