package dev.pep.cli;

import dev.pep.consumer.SinkConsumer;
import dev.pep.consumer.TopicReplaced;
import dev.pep.producer.ProduceProgress;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.util.List;
import java.util.Locale;
import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

/**
 * Shows a running produce, and in {@code run} the sink consuming beside it: a progress bar (file
 * MiB, rows, rate, ETA, events the sink has read) on a terminal, otherwise a plain line every 5 s.
 * Once the file is produced, the sink's progress goes on in the same bar (or in its own plain
 * lines) until it has caught up. Writes to the error stream, so stdout holds only results. The
 * producer and the consumer report from their own threads.
 */
final class ProgressDisplay implements ProduceProgress.Listener, AutoCloseable {
  private static final long PLAIN_EVERY_NANOS = 5_000_000_000L;

  private final PrintWriter err;
  private final boolean terminal;
  private ProgressBar bar;
  private long nextPlain = PLAIN_EVERY_NANOS;
  private String produced = "";
  private boolean produceEnded;
  private boolean consuming;
  private long sinkRead;
  private long sinkWritten;

  ProgressDisplay(PrintWriter err, boolean terminal) {
    this.err = err;
    this.terminal = terminal;
  }

  /** True when stderr is probably a terminal (a console and no redirection of stdout). */
  static boolean isTerminal() {
    return System.console() != null && !"dumb".equals(System.getenv("TERM"));
  }

  @Override
  public synchronized void onProgress(ProduceProgress p) {
    if (terminal) {
      if (bar == null) {
        bar =
            new ProgressBarBuilder()
                .setTaskName("Producing")
                .setInitialMax(Math.max(1, p.fileBytes()))
                .setUnit(" MiB", 1 << 20)
                .setStyle(ProgressBarStyle.ASCII)
                .setConsumer(new ConsoleProgressBarConsumer(new PrintStream(System.err, true)))
                .setUpdateIntervalMillis(200)
                .build();
      }
      bar.stepTo(Math.min(p.bytesRead(), p.fileBytes()));
      produced = String.format(Locale.ROOT, "%,d rows, %,.0f/s", p.rowsRead(), p.rate());
      bar.setExtraMessage(produced + sinkPart());
    } else if (p.elapsedNanos() >= nextPlain) {
      nextPlain = p.elapsedNanos() + PLAIN_EVERY_NANOS;
      err.println(
          String.format(
              Locale.ROOT,
              "... %,d rows read, %,d acknowledged, %,d rejected, %.0f%% of the file, %,.0f"
                  + " events/s%s",
              p.rowsRead(),
              p.acknowledged(),
              p.rejected(),
              p.fileBytes() == 0 ? 100.0 : 100.0 * p.bytesRead() / p.fileBytes(),
              p.rate(),
              sinkPart()));
      err.flush();
    }
  }

  private String sinkPart() {
    return consuming
        ? String.format(Locale.ROOT, "; sink: %,d read, %,d written", sinkRead, sinkWritten)
        : "";
  }

  /** The producer has ended: from now on the sink's progress is shown alone. */
  synchronized void produceEnded() {
    produceEnded = true;
  }

  /**
   * A listener for the sink consuming beside the producer: its counts join the producer's line
   * while the file is produced; after that {@code plain}'s lines (or the bar) show them. Database
   * waits and a replaced topic are always passed on to {@code plain}.
   */
  SinkConsumer.Listener consumer(SinkConsumer.Listener plain) {
    return new SinkConsumer.Listener() {
      @Override
      public void onProgress(long read, long written, long duplicates, long elapsedNanos) {
        synchronized (ProgressDisplay.this) {
          consuming = true;
          sinkRead = read;
          sinkWritten = written;
          if (!produceEnded) {
            return;
          }
          if (bar != null) {
            bar.setExtraMessage(produced + sinkPart());
          } else if (!terminal) {
            plain.onProgress(read, written, duplicates, elapsedNanos);
          }
        }
      }

      @Override
      public void onTopicReplaced(List<TopicReplaced> partitions) {
        plain.onTopicReplaced(partitions);
      }

      @Override
      public void onDatabaseWait(long failingNanos, String reason) {
        plain.onDatabaseWait(failingNanos, reason);
      }
    };
  }

  @Override
  public synchronized void close() {
    if (bar != null) {
      bar.close();
      bar = null;
    }
  }
}
