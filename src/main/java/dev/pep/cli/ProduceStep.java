package dev.pep.cli;

import dev.pep.config.Ahead;
import dev.pep.config.PepException;
import dev.pep.config.PipelineConfig;
import dev.pep.config.Writable;
import dev.pep.csv.CsvLayout;
import dev.pep.csv.LayoutDetector;
import dev.pep.csv.SampleData;
import dev.pep.kafka.KafkaClients;
import dev.pep.kafka.Topics;
import dev.pep.producer.CsvProducer;
import dev.pep.producer.FencedException;
import dev.pep.producer.FileChangedException;
import dev.pep.producer.ProduceObserver;
import dev.pep.producer.ProduceSummary;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.util.Locale;

/** What {@code run} and {@code produce} share: pick the input, make the topic, produce it. */
final class ProduceStep {
  private ProduceStep() {}

  /**
   * Falls back to the bundled sample when the CSV path is the default and that file is absent,
   * saying so in one line.
   */
  static PipelineConfig withInput(PipelineConfig config, PrintWriter err) {
    // Where the rejects go is checked before anything is sent: a run must not stop halfway.
    Writable.file(config.rejectsFile(), "PEP_REJECTS_FILE");
    PipelineConfig c = input(config, err);
    // Checked before a broker is started, so a wrong path or header fails at once; the layout
    // is detected in full (and printed) once, just before producing.
    LayoutDetector.checkHeader(c.csvFile(), c.csv());
    return c;
  }

  /** The configuration with the bundled sample as input when the default file is absent. */
  static PipelineConfig input(PipelineConfig config, PrintWriter err) {
    if (config.csvFileIsDefault() && !Files.exists(config.csvFile())) {
      Writable.directory(config.stateDir(), "PEP_STATE_DIR");
      PipelineConfig sample =
          config.withCsvFile(SampleData.extract(config.stateDir().resolve("sample")));
      err.printf(
          "No %s here: using the bundled sample (%,d rows). Put the full UCI file there, or pass"
              + " --file PATH.%n",
          config.csvFile(), SampleData.ROWS);
      err.flush();
      return sample;
    }
    return config;
  }

  /**
   * Starts detecting the input's layout on its own thread, so that it overlaps with starting the
   * broker, making the topic and opening the producer; {@link #produce} waits for it.
   */
  static Ahead<CsvLayout> layoutAhead(PipelineConfig config) {
    return LayoutDetector.detectAhead(config.csvFile(), config.csv());
  }

  /** Waits for the input's layout and prints it in one line on {@code err}. */
  static CsvLayout printLayout(PipelineConfig config, Ahead<CsvLayout> detected, PrintWriter err) {
    CsvLayout layout = detected.get();
    err.println(layout.describe(config.csvFile().getFileName().toString()));
    err.flush();
    return layout;
  }

  /** Ensures the topic exists and returns its partition count. */
  static int ensureTopic(PipelineConfig config) {
    return Topics.ensure(KafkaClients.of(config), config.topic(), config.partitions());
  }

  static ProduceSummary produce(
      PipelineConfig config,
      Ahead<CsvLayout> layout,
      int partitions,
      CsvProducer.Start start,
      PrintWriter err,
      ShutdownSignal signal,
      ProduceObserver observer) {
    try (ProgressDisplay progress = new ProgressDisplay(err, ProgressDisplay.isTerminal())) {
      return produce(config, layout, partitions, start, err, signal, observer, progress);
    }
  }

  /** As above, showing progress on {@code progress} (which the caller closes). */
  static ProduceSummary produce(
      PipelineConfig config,
      Ahead<CsvLayout> detected,
      int partitions,
      CsvProducer.Start start,
      PrintWriter err,
      ShutdownSignal signal,
      ProduceObserver observer,
      ProgressDisplay progress) {
    CsvLayout layout = printLayout(config, detected, err);
    ProduceSummary s;
    try {
      s =
          new CsvProducer(config, partitions, layout, start)
              .observe(observer)
              .run(progress, signal::requested);
    } catch (FileChangedException e) {
      throw new PepException(
          e.getMessage()
              + " Pass --restart to send it from its first row (sinks skip the events they"
              + " already hold).",
          e);
    } catch (FencedException e) {
      throw new PepException(e.getMessage() + " Rerun the same command to resume after them.", e);
    }
    if (s.replacedTopic() != null) {
      err.println(replacedTopic(s));
      err.flush();
    }
    return s;
  }

  /** One line: the file's checkpoint belonged to a deleted topic, so the file was sent again. */
  static String replacedTopic(ProduceSummary s) {
    ProduceSummary.ReplacedTopic r = s.replacedTopic();
    return String.format(
        Locale.ROOT,
        "%s's checkpoint (%s) was written for topic id %s, but %s now has id %s (deleted and"
            + " created again): the file was sent from its first row.",
        s.file(),
        r.complete()
            ? "produced completely"
            : String.format(Locale.ROOT, "produced up to line %,d", r.line()),
        r.checkpointTopicId(),
        s.topic(),
        r.topicId());
  }

  /** The exception that turns a failed produce summary into a failed command (exit 1). */
  static PepException failed(ProduceSummary s) {
    return new PepException(
        String.format(
            Locale.ROOT,
            "Producing %s to %s stopped after %,d rows: %,d of %,d events sent by this run were"
                + " committed; rerun the same command to resume after them. Cause: %s",
            s.file(),
            s.topic(),
            s.rowsRead(),
            s.committed(),
            s.sent(),
            s.failure()));
  }
}
