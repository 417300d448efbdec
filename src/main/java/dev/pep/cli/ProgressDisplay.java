package dev.pep.cli;

import dev.pep.producer.ProduceProgress;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.util.Locale;
import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

/**
 * Shows a running produce: a progress bar (file MiB, rows, rate, ETA) on a terminal, otherwise a
 * plain line every 5 s. Writes to the error stream, so stdout holds only results.
 */
final class ProgressDisplay implements ProduceProgress.Listener, AutoCloseable {
  private static final long PLAIN_EVERY_NANOS = 5_000_000_000L;

  private final PrintWriter err;
  private final boolean terminal;
  private ProgressBar bar;
  private long nextPlain = PLAIN_EVERY_NANOS;

  ProgressDisplay(PrintWriter err, boolean terminal) {
    this.err = err;
    this.terminal = terminal;
  }

  /** True when stderr is probably a terminal (a console and no redirection of stdout). */
  static boolean isTerminal() {
    return System.console() != null && !"dumb".equals(System.getenv("TERM"));
  }

  @Override
  public void onProgress(ProduceProgress p) {
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
      bar.setExtraMessage(String.format(Locale.ROOT, "%,d rows, %,.0f/s", p.rowsRead(), p.rate()));
    } else if (p.elapsedNanos() >= nextPlain) {
      nextPlain = p.elapsedNanos() + PLAIN_EVERY_NANOS;
      err.println(
          String.format(
              Locale.ROOT,
              "... %,d rows read, %,d acknowledged, %,d rejected, %.0f%% of the file, %,.0f events/s",
              p.rowsRead(),
              p.acknowledged(),
              p.rejected(),
              p.fileBytes() == 0 ? 100.0 : 100.0 * p.bytesRead() / p.fileBytes(),
              p.rate()));
      err.flush();
    }
  }

  @Override
  public void close() {
    if (bar != null) {
      bar.close();
      bar = null;
    }
  }
}
