package dev.pep.broker;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pep.kafka.KafkaClients;
import dev.pep.kafka.TopicReader;
import dev.pep.kafka.Topics;
import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The restart fixture the fault tests rely on: same address, same data, transactions intact. */
class BrokerRestartIT {
  @TempDir Path tmp;

  @Test
  void aRestartedBrokerServesTheSameAddressWithItsCommittedRecordsAndTransactionalIds() {
    EmbeddedBroker broker = EmbeddedBroker.start(tmp.resolve("kafka"), 0);
    String bootstrap = broker.bootstrapServers();
    try {
      Topics.ensure(KafkaClients.plain(bootstrap), "t", 3);
      try (KafkaProducer<String, String> p = producer(bootstrap)) {
        p.initTransactions();
        p.beginTransaction();
        for (int i = 0; i < 10; i++) {
          p.send(new ProducerRecord<>("t", "k" + i, "v" + i));
        }
        p.commitTransaction();
      }

      broker = BrokerRestart.restart(broker);

      assertThat(broker.bootstrapServers()).isEqualTo(bootstrap);
      try (KafkaProducer<String, String> p = producer(bootstrap)) {
        p.initTransactions(); // the same transactional id, known to the restarted coordinator
        p.beginTransaction();
        p.send(new ProducerRecord<>("t", "k10", "v10"));
        p.commitTransaction();
      }
      try (TopicReader reader = new TopicReader(KafkaClients.plain(bootstrap), "t")) {
        long read =
            reader.read(Map.of(), reader.endOffsets(), r -> {}).values().stream()
                .mapToLong(Long::longValue)
                .sum();
        assertThat(read).isEqualTo(11);
      }
    } finally {
      broker.close();
    }
  }

  private static KafkaProducer<String, String> producer(String bootstrap) {
    Properties p = new Properties();
    p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    p.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, "restart-test");
    return new KafkaProducer<>(p, new StringSerializer(), new StringSerializer());
  }
}
