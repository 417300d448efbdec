package dev.pep.producer;

import dev.pep.config.PipelineConfig;
import dev.pep.event.SourceIdentity;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Where a run starts in its file, from the file's last committed {@link Checkpoint}: after it when
 * it was made for this very file, from the first row when there is none or {@link
 * CsvProducer.Start#RESTART} was asked for; a file that changed since its checkpoint is refused.
 */
final class ResumePolicy {
  private static final Logger log = LoggerFactory.getLogger(ResumePolicy.class);

  private final PipelineConfig config;
  private final CsvProducer.Start start;
  private final SourceIdentity identity;

  ResumePolicy(PipelineConfig config, CsvProducer.Start start, SourceIdentity identity) {
    this.config = config;
    this.start = start;
    this.identity = identity;
  }

  /**
   * Where the first attempt starts. On a restart over an existing checkpoint, a fresh one is
   * committed first, so a retry cannot mistake the old one for its own.
   *
   * @throws FileChangedException when the file changed since {@code last} and this is no restart
   */
  Checkpoint startingPoint(Optional<Checkpoint> last, TransactionalSender sender) {
    Checkpoint fresh = Checkpoint.of(config.csvFile(), identity, 0, 0, 0, false);
    if (start == CsvProducer.Start.RESTART && last.isPresent()) {
      sender.commitCheckpointOnly(fresh);
      return fresh;
    }
    if (last.isEmpty()) {
      return fresh;
    }
    Checkpoint c = last.get();
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
    return c;
  }

  /**
   * Where a later attempt of the same run starts: after what this run committed so far, or where
   * the first attempt started ({@code first}) when it committed nothing yet.
   */
  Checkpoint retryPoint(Optional<Checkpoint> last, Checkpoint first) {
    return last.filter(c -> c.sameFile(identity)).orElse(first);
  }
}
