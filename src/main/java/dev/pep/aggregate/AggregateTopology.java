package dev.pep.aggregate;

import dev.pep.event.EventJson;
import dev.pep.event.PurchaseEvent;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.Grouped;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Materialized;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.kstream.Repartitioned;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The aggregation, as a Kafka Streams topology:
 *
 * <ol>
 *   <li>read the events topic (raw JSON values); a record that is not an event is logged with its
 *       topic-partition@offset and left out (the sink's consumer sends it to the dead-letter
 *       topic);
 *   <li>re-key by event id and repartition, so that every copy of one event meets in one task
 *       whatever the producer's key setting;
 *   <li>drop an event whose id was seen before: a store of seen ids (changelogged, so it survives a
 *       restart and moves with its task), updated in the same exactly-once transaction as the
 *       repartitioned offsets — a file produced twice is counted once;
 *   <li>for each {@link Aggregate}, group by its key (country or stock code, and the calendar day
 *       or month of the invoice date) and fold the events into a {@link Tally}; the window is in
 *       the key, not a Kafka Streams time window, so no event is ever too late;
 *   <li>write each changed tally to the aggregate's compacted output topic as JSON.
 * </ol>
 *
 * State stores are in memory, restored from their changelog topics on start.
 */
public final class AggregateTopology {
  /** The store of event ids already counted. */
  static final String SEEN = "seen-event-ids";

  private AggregateTopology() {}

  /** The topology over {@code eventsTopic}. */
  public static Topology build(String eventsTopic) {
    StreamsBuilder b = new StreamsBuilder();
    b.addStateStore(
        Stores.keyValueStoreBuilder(
            Stores.inMemoryKeyValueStore(SEEN), Serdes.String(), Serdes.Long()));
    KStream<String, byte[]> byId =
        b.stream(eventsTopic, Consumed.with(Serdes.ByteArray(), Serdes.ByteArray()))
            .process(Decode::new, Named.as("decode"))
            .repartition(
                Repartitioned.with(Serdes.String(), Serdes.ByteArray()).withName("by-event-id"));
    KStream<String, byte[]> firstSeen = byId.process(FirstSeen::new, Named.as("first-seen"), SEEN);
    for (Aggregate a : Aggregate.values()) {
      boolean invoices = a != Aggregate.PRODUCT_MONTH;
      firstSeen
          .filter((id, v) -> a.counts(EventJson.read(v)), Named.as(a.label() + "-filter"))
          .groupBy(
              (id, v) -> a.key(EventJson.read(v)),
              Grouped.with(a.label() + "-by-key", Serdes.String(), Serdes.ByteArray()))
          .aggregate(
              () -> Tally.EMPTY,
              (key, v, t) -> t.add(EventJson.read(v), invoices),
              Named.as(a.label() + "-aggregate"),
              Materialized.<String, Tally>as(Stores.inMemoryKeyValueStore(a.label()))
                  .withKeySerde(Serdes.String())
                  .withValueSerde(AggregateJson.tallySerde()))
          .toStream(Named.as(a.label() + "-changes"))
          .map(
              (key, t) -> KeyValue.pair(key, AggregateJson.value(a, key, t)),
              Named.as(a.label() + "-json"))
          .to(a.topic(eventsTopic), Produced.with(Serdes.String(), Serdes.ByteArray()));
    }
    return b.build();
  }

  /** Event id → the event's JSON; a record that is not an event is logged and left out. */
  static final class Decode implements Processor<byte[], byte[], String, byte[]> {
    private static final Logger log = LoggerFactory.getLogger(Decode.class);
    private ProcessorContext<String, byte[]> context;

    @Override
    public void init(ProcessorContext<String, byte[]> context) {
      this.context = context;
    }

    @Override
    public void process(Record<byte[], byte[]> r) {
      if (r.value() == null) {
        log.warn("Not an event, left out of the aggregates: {}: no value", where());
        return;
      }
      PurchaseEvent e;
      try {
        e = EventJson.read(r.value());
      } catch (IllegalArgumentException ex) {
        log.warn("Not an event, left out of the aggregates: {}: {}", where(), ex.getMessage());
        return;
      }
      context.forward(r.withKey(e.eventId()).withValue(r.value()));
    }

    private String where() {
      return context
          .recordMetadata()
          .map(m -> m.topic() + "-" + m.partition() + "@" + m.offset())
          .orElse("?");
    }
  }

  /** Forwards an event the first time its id is seen, and never again. */
  static final class FirstSeen implements Processor<String, byte[], String, byte[]> {
    private ProcessorContext<String, byte[]> context;
    private KeyValueStore<String, Long> seen;

    @Override
    public void init(ProcessorContext<String, byte[]> context) {
      this.context = context;
      seen = context.getStateStore(SEEN);
    }

    @Override
    public void process(Record<String, byte[]> r) {
      // Only the first copy goes on; a later one comes from a file produced again.
      if (seen.get(r.key()) == null) {
        seen.put(r.key(), 1L);
        context.forward(r);
      }
    }
  }
}
