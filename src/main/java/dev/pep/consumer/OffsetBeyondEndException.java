package dev.pep.consumer;

import dev.pep.config.PepException;
import java.util.Locale;

/**
 * A partition's stored offset lies beyond its end offset while the topic's id is the one it was
 * stored with (or none was stored): the topic lost records after they were stored (truncated, an
 * unclean leader election), or, for an offset stored without an id, was replaced. Reading on from
 * the stored offset would skip whatever is written below it, and reading from the beginning would
 * be a guess: the run stops, naming the partition, both offsets and the way to read it again.
 */
public final class OffsetBeyondEndException extends PepException {
  private static final long serialVersionUID = 1L;

  OffsetBeyondEndException(
      String topic, int partition, String group, String sink, long stored, long end, String id) {
    super(
        String.format(
            Locale.ROOT,
            "The stored offset of %s-%d (group %s, in %s) is %,d, beyond the partition's end"
                + " offset %,d: %s. pep does not skip offsets, so it stopped without reading."
                + " To read the partition again from its beginning (stored rows stay, duplicates"
                + " are skipped), delete its row from the offsets table (PEP_OFFSETS_TABLE:"
                + " consumer_group '%s', topic '%s', kafka_partition %d) and run again.",
            topic,
            partition,
            group,
            sink,
            stored,
            end,
            id == null
                ? "it was stored without a topic id (by an earlier pep), so whether the topic was"
                    + " deleted and created again cannot be told"
                : "the topic (id " + id + ", the one stored) lost records after they were stored",
            group,
            topic,
            partition));
  }
}
