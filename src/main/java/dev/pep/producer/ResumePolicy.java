package dev.pep.producer;

import dev.pep.config.PipelineConfig;
import dev.pep.event.SourceIdentity;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Where a run starts in its file, from the file's last committed {@link Checkpoint}: after it when
 * it was made for this very file and this very topic, from the first row when there is none, when
 * it was written for a deleted topic of the same name (another topic id), or when {@link
 * CsvProducer.Start#RESTART} was asked for; a file that changed since its checkpoint is refused.
 */
final class ResumePolicy {
  private static final Logger log = LoggerFactory.getLogger(ResumePolicy.class);

  private final PipelineConfig config;
  private final CsvProducer.Start start;
  private final SourceIdentity identity;
  private final String topicId;
  private Checkpoint ofDeletedTopic;

  /**
   * @param topicId Kafka's id of the topic now (null: unknown): a checkpoint written for another id
   *     belongs to a deleted topic of the same name, and does not stop the file from being sent
   */
  ResumePolicy(
      PipelineConfig config, CsvProducer.Start start, SourceIdentity identity, String topicId) {
    this.config = config;
    this.start = start;
    this.identity = identity;
    this.topicId = topicId;
  }

  /**
   * Where the first attempt starts. On a restart over an existing checkpoint, a fresh one is
   * committed first, so a retry cannot mistake the old one for its own.
   *
   * @throws FileChangedException when the file changed since {@code last} and this is no restart
   */
  Checkpoint startingPoint(Optional<Checkpoint> last, TransactionalSender sender) {
    Checkpoint fresh = Checkpoint.of(config.csvFile(), identity, topicId, 0, 0, 0, false);
    if (start == CsvProducer.Start.RESTART && last.isPresent()) {
      sender.commitCheckpointOnly(fresh);
      return fresh;
    }
    if (last.isEmpty()) {
      return fresh;
    }
    Checkpoint c = last.get();
    if (c.forAnotherTopic(topicId)) {
      // Its events went to a topic that is gone: the topic now lacks them, whatever it says.
      ofDeletedTopic = c;
      log.info(
          "The checkpoint of {} (line {}) was written for topic id {}; {} now has id {}: sending"
              + " the file from its first row",
          config.csvFile(),
          c.line(),
          c.topicId(),
          config.topic(),
          topicId);
      sender.commitCheckpointOnly(fresh);
      return fresh;
    }
    if (!c.sameFile(identity)) {
      throw new FileChangedException(config.csvFile(), config.topic(), c, identity.size());
    }
    if (c.line() > 0 && !c.complete()) {
      log.info(
          "Resuming {} after line {} ({} events committed by an earlier run)",
          config.csvFile(),
          c.line(),
          c.events());
    }
    return c.forTopic(topicId);
  }

  /** {@code s}, noting the checkpoint {@link #startingPoint} set aside, if it set one aside. */
  ProduceSummary noted(ProduceSummary s) {
    Checkpoint c = ofDeletedTopic;
    return c == null
        ? s
        : s.withReplacedTopic(
            new ProduceSummary.ReplacedTopic(c.topicId(), topicId, c.line(), c.complete()));
  }

  /**
   * Where a later attempt of the same run starts: after what this run committed so far, or where
   * the first attempt started ({@code first}) when it committed nothing yet.
   */
  Checkpoint retryPoint(Optional<Checkpoint> last, Checkpoint first) {
    return last.filter(c -> c.sameFile(identity) && !c.forAnotherTopic(topicId)).orElse(first);
  }
}
