package dev.pep.consumer;

import java.time.Duration;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.common.TopicPartition;

/** Whether a run's stop condition ({@link SinkConsumer.StopWhen}) holds; consuming thread only. */
final class StopRules {
  private final SinkConsumer.StopWhen when;

  StopRules(SinkConsumer.StopWhen when) {
    this.when = when;
  }

  /**
   * True once {@code read} records reached the limit, every partition listed in {@code
   * untilOffsets} is assigned and read up to its offset, or nothing arrived for the idle time and
   * nothing is left to read.
   */
  boolean done(Consumer<?, ?> consumer, long read, long idleNanos) {
    if (when.maxEvents() > 0 && read >= when.maxEvents()) {
      return true;
    }
    Set<TopicPartition> assigned = consumer.assignment();
    Map<TopicPartition, Long> until = when.offsets();
    if (until != null && !assigned.isEmpty()) {
      boolean all = true;
      for (Map.Entry<TopicPartition, Long> e : until.entrySet()) {
        if (assigned.contains(e.getKey()) && consumer.position(e.getKey()) < e.getValue()) {
          all = false;
        }
      }
      if (all && assigned.containsAll(until.keySet())) {
        return true;
      }
    }
    return when.untilIdle() != null
        && idleNanos >= when.untilIdle().toNanos()
        && !assigned.isEmpty()
        && lag(consumer) == 0;
  }

  /** Records between the consumer's position and the end of its assigned partitions. */
  static long lag(Consumer<?, ?> consumer) {
    if (consumer.assignment().isEmpty()) {
      return 0;
    }
    long lag = 0;
    for (Map.Entry<TopicPartition, Long> e :
        consumer.endOffsets(consumer.assignment(), Duration.ofSeconds(10)).entrySet()) {
      lag += Math.max(0, e.getValue() - consumer.position(e.getKey()));
    }
    return lag;
  }
}
