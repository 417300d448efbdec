package dev.pep.consumer;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import dev.pep.broker.EmbeddedBroker;
import dev.pep.event.EventSchema;
import dev.pep.kafka.KafkaClients;
import dev.pep.kafka.TopicReader;
import dev.pep.kafka.TopicTally;
import dev.pep.kafka.Topics;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The run's check when the sink did not read all of the range itself — a partition another member
 * of its group held, a stretch it jumped over — against a real broker: the rest is read back, each
 * offset still counted once, and a duplicate in the part read back still shows.
 */
class RangeCheckIT {
  private static final String FILE = "0123456789abcdef:";

  @TempDir Path tmp;

  @Test
  void whatTheSinkDidNotReadIsReadBackAndCountedOnce() throws Exception {
    try (EmbeddedBroker broker = EmbeddedBroker.start(tmp.resolve("kafka"), 0)) {
      String bootstrap = broker.bootstrapServers();
      Topics.ensure(KafkaClients.plain(bootstrap), "t", 2);
      TopicPartition p0 = new TopicPartition("t", 0);
      TopicPartition p1 = new TopicPartition("t", 1);
      try (KafkaProducer<byte[], byte[]> p = producer(bootstrap)) {
        for (int i = 0; i < 10; i++) {
          p.send(record(0, FILE + (i + 2)));
          p.send(record(1, FILE + (i + 1002)));
        }
        p.send(record(1, FILE + 2)); // partition 0's first event again
      }

      try (TopicReader reader = new TopicReader(KafkaClients.plain(bootstrap), "t")) {
        Map<TopicPartition, Long> end = reader.endOffsets();
        List<ConsumerRecord<byte[], byte[]>> first = new ArrayList<>();
        reader.read(Map.of(p0, 0L), Map.of(p0, 10L), first::add);
        RangeCheck check = new RangeCheck(Map.of(p0, 0L, p1, 0L));

        // The sink read partition 0's offsets 0-4, then (re-positioned) from 7 on; partition 1
        // not at all.
        check.read(p0, -1, 5, first.subList(0, 5));
        check.read(p0, 7, 10, first.subList(7, 10));
        check.end(end);
        TopicTally t = check.tally(reader);

        assertThat(t.perPartition())
            .containsExactlyEntriesOf(new TreeMap<>(Map.of(0, 10L, 1, 11L)));
        assertThat(t.total()).isEqualTo(21);
        assertThat(t.distinctEventIds()).isEqualTo(20);
        assertThat(check.readBack()).isEqualTo(5 + 11);
      }
    }
  }

  private static ProducerRecord<byte[], byte[]> record(int partition, String id) {
    ProducerRecord<byte[], byte[]> r =
        new ProducerRecord<>("t", partition, null, id.getBytes(UTF_8));
    r.headers().add(EventSchema.HEADER_EVENT_ID, id.getBytes(UTF_8));
    return r;
  }

  private static KafkaProducer<byte[], byte[]> producer(String bootstrap) {
    Properties p = new Properties();
    p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    return new KafkaProducer<>(p, new ByteArraySerializer(), new ByteArraySerializer());
  }
}
