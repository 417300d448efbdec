package dev.pep.watch;

import dev.pep.config.AfterProduce;
import dev.pep.config.PepException;
import dev.pep.config.PipelineConfig;
import dev.pep.csv.CsvFormatException;
import dev.pep.csv.CsvLayout;
import dev.pep.csv.LayoutDetector;
import dev.pep.producer.CsvProducer;
import dev.pep.producer.FencedException;
import dev.pep.producer.FileChangedException;
import dev.pep.producer.ProduceObserver;
import dev.pep.producer.ProduceProgress;
import dev.pep.producer.ProduceSummary;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Loads one file of the watched directory exactly as {@code pep produce} would (its own checkpoint
 * and transactional id, resuming after its last commit), then moves, deletes or keeps it. The file
 * leaves the directory only after its last transaction, the one whose checkpoint says complete, has
 * committed; so a restart after a crash at any point either resumes the file or, finding it
 * complete, only moves it.
 */
final class FileLoad {
  private static final Logger log = LoggerFactory.getLogger(FileLoad.class);

  private final PipelineConfig config;
  private final int partitions;
  private final SpoolDirectory spool;
  private final AfterProduce after;
  private final WatchListener listener;
  private volatile ProduceObserver observer = ProduceObserver.NONE;

  FileLoad(
      PipelineConfig config,
      int partitions,
      SpoolDirectory spool,
      AfterProduce after,
      WatchListener listener) {
    this.config = config;
    this.partitions = partitions;
    this.spool = spool;
    this.after = after;
    this.listener = listener;
  }

  /**
   * Hands {@code observer} to the producer of every file (shared by the files produced at once).
   */
  void observe(ProduceObserver observer) {
    this.observer = observer;
  }

  FileOutcome load(Path file, BooleanSupplier stop) {
    String name = file.getFileName().toString();
    long start = System.nanoTime();
    // The file's own rejects file, a fresh name when an earlier run left one (a resumed file).
    Path rejects = SpoolDirectory.free(spool.rejectsFile(file).getParent(), name + ".rejects.csv");
    PipelineConfig c =
        new PipelineConfig(
            config.cluster(),
            new PipelineConfig.Input(
                file, false, config.csv(), rejects, config.onBadRow(), config.maxRejects()),
            config.producing());
    CsvLayout layout;
    try {
      layout = LayoutDetector.detect(file, c.csv());
      String problem =
          RejectCheck.problem(file, layout, c.csv().zone(), c.onBadRow(), c.maxRejects());
      if (problem != null) {
        return error(file, problem, start);
      }
    } catch (CsvFormatException e) {
      if (!Files.exists(file)) {
        return outcome(
            name, FileOutcome.Result.RETRY, null, start, null, "gone: " + e.getMessage());
      }
      return error(file, e.getMessage(), start);
    }
    listener.started(file, layout);
    ProduceSummary s;
    try {
      try {
        s =
            new CsvProducer(c, partitions, layout, CsvProducer.Start.RESUME)
                .observe(observer)
                .run(ProduceProgress.Listener.NONE, stop);
      } catch (FileChangedException e) {
        // Its checkpoint was made for other content under the same name: a new file by the name
        // of one loaded before. Its rows have ids of their own, so it is sent from its first row.
        log.warn("{}; loading it as a new file from its first row", e.getMessage());
        s =
            new CsvProducer(c, partitions, layout, CsvProducer.Start.RESTART)
                .observe(observer)
                .run(ProduceProgress.Listener.NONE, stop);
      }
    } catch (FencedException e) {
      return outcome(name, FileOutcome.Result.RETRY, null, start, null, e.getMessage());
    } catch (CsvFormatException e) {
      return Files.exists(file)
          ? error(file, e.getMessage(), start)
          : outcome(name, FileOutcome.Result.RETRY, null, start, null, e.getMessage());
    } catch (PepException e) {
      return outcome(name, FileOutcome.Result.RETRY, null, start, null, e.getMessage());
    }
    if (s.failure() != null) {
      return outcome(name, FileOutcome.Result.RETRY, s, start, file, s.failure());
    }
    if (!s.complete()) {
      return outcome(name, FileOutcome.Result.STOPPED, s, start, file, "stopped");
    }
    Path where = afterProduce(file);
    return outcome(
        name,
        s.alreadyDone() ? FileOutcome.Result.ALREADY_DONE : FileOutcome.Result.FINISHED,
        s,
        start,
        where,
        null);
  }

  private Path afterProduce(Path file) {
    return switch (after) {
      case MOVE -> spool.finish(file);
      case DELETE -> {
        try {
          Files.delete(file);
          yield null;
        } catch (IOException e) {
          throw new PepException("Cannot delete " + file + " after producing it: " + e, e);
        }
      }
      case KEEP -> file;
    };
  }

  private FileOutcome error(Path file, String reason, long start) {
    log.warn("{} cannot be loaded: {}", file, reason);
    Path where = spool.fail(file, reason);
    return outcome(
        file.getFileName().toString(), FileOutcome.Result.ERROR, null, start, where, reason);
  }

  private static FileOutcome outcome(
      String name,
      FileOutcome.Result result,
      ProduceSummary s,
      long start,
      Path where,
      String reason) {
    double seconds = (System.nanoTime() - start) / 1e9;
    if (s == null) {
      return new FileOutcome(name, result, 0, 0, 0, 0, seconds, where, null, reason);
    }
    return new FileOutcome(
        name,
        result,
        s.rowsRead() - s.skipped(),
        s.committed(),
        s.skipped(),
        s.rejected(),
        seconds,
        where,
        s.rejectsFile(),
        reason);
  }
}
