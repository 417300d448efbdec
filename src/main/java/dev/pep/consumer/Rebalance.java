package dev.pep.consumer;

import dev.pep.kafka.Topics;
import dev.pep.sink.Sink;
import java.util.Collection;
import java.util.List;
import java.util.function.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;

/**
 * Seeks every partition assigned to a {@link SinkConsumer} to the sink's stored offset, and forgets
 * revoked ones; the write in flight is settled first either way. Runs on the consuming thread,
 * inside its poll.
 */
final class Rebalance implements ConsumerRebalanceListener {
  private final KafkaConsumer<byte[], byte[]> consumer;
  private final Sink sink;
  private final BatchWriter writer;
  private final Positions positions;
  private final Topics.Session topicIds;
  private final String topic;
  private final String group;
  private final Runnable awaitInFlight;
  private final Consumer<List<TopicReplaced>> onReplaced;

  /**
   * @param awaitInFlight settles the write in flight and applies its outcome
   * @param onReplaced told of partitions whose stored offsets belonged to a deleted topic of the
   *     same name (read from their beginning)
   */
  Rebalance(
      KafkaConsumer<byte[], byte[]> consumer,
      Sink sink,
      BatchWriter writer,
      Positions positions,
      Topics.Session topicIds,
      String topic,
      String group,
      Runnable awaitInFlight,
      Consumer<List<TopicReplaced>> onReplaced) {
    this.consumer = consumer;
    this.sink = sink;
    this.writer = writer;
    this.positions = positions;
    this.topicIds = topicIds;
    this.topic = topic;
    this.group = group;
    this.awaitInFlight = awaitInFlight;
    this.onReplaced = onReplaced;
  }

  @Override
  public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
    awaitInFlight.run();
    if (sink.holdsOffsets()) {
      // Looked up on every assignment: the topic may have been deleted and created again.
      String topicId = topicIds.id(topic).orElse(null);
      writer.topicId(topicId);
      StartingOffsets.Start start =
          StartingOffsets.resolve(writer, consumer, partitions, topicId, group, sink.describe());
      positions.assigned(consumer, partitions, start.stored());
      if (!start.replaced().isEmpty()) {
        onReplaced.accept(start.replaced());
      }
    } else {
      positions.assignedWithoutOffsets(partitions);
    }
  }

  @Override
  public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
    awaitInFlight.run();
    positions.revoked(partitions);
  }

  @Override
  public void onPartitionsLost(Collection<TopicPartition> partitions) {
    awaitInFlight.run();
    positions.revoked(partitions);
  }
}
