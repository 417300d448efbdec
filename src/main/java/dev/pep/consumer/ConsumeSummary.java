package dev.pep.consumer;

import java.util.List;

/**
 * The outcome of consuming into a sink. {@code read == written + duplicates + deadLettered}, except
 * for a batch whose interrupted commit turned out to have landed: its records count as read only
 * (the database does not say which of them were new).
 *
 * @param written events stored by this run
 * @param duplicates events skipped because the sink already held their id
 * @param deadLettered records that were not valid events, sent to the dead-letter topic
 * @param seconds from the first record received to the last batch written
 * @param lag records left in the topic's partitions this consumer owned at the end
 * @param topicReplaced partitions whose stored offsets belonged to a deleted topic of the same
 *     name, read again from their beginning
 */
public record ConsumeSummary(
    String topic,
    String group,
    String sink,
    long read,
    long written,
    long duplicates,
    long deadLettered,
    long staleBatches,
    long retries,
    double seconds,
    long lag,
    List<TopicReplaced> topicReplaced) {

  public ConsumeSummary {
    topicReplaced = List.copyOf(topicReplaced);
  }

  /** Records read per second. */
  public double rate() {
    return seconds <= 0 ? 0 : read / seconds;
  }
}
