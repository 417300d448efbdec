package dev.pep.broker;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.core.AppenderBase;
import java.io.IOException;
import java.nio.file.FileStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import org.apache.kafka.common.utils.Exit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What happens when Kafka stops the JVM an embedded broker runs in. A broker whose only log
 * directory fails (a full disk: {@code No space left on device}) has nothing left to serve, and
 * Kafka halts the process ({@code LogManager} → {@code Exit.halt(1)}); so do its controller's fault
 * handlers. In a pep command that would end the run with Kafka's stack trace and no word from pep.
 * The procedures installed here turn it into one line naming the log directory, the cause Kafka
 * logged and the space left on its filesystem, handed to the listener the command registered (which
 * prints it), and then halt as Kafka asked: the broker cannot go on, and halting keeps whatever was
 * committed as it is on disk (a rerun recovers it, as after a crash).
 */
final class BrokerHalt {
  private static final Logger log = LoggerFactory.getLogger(BrokerHalt.class);

  /** Below this much free space a failed log directory is reported as a full disk. */
  private static final long FULL_BELOW_BYTES = 1024 * 1024;

  /** Logs the I/O error that took a log directory offline, before the halt. */
  private static final String FAILURE_LOGGER =
      "org.apache.kafka.storage.internals.log.LogDirFailureChannel";

  private static final Set<Path> logDirs = ConcurrentHashMap.newKeySet();
  private static volatile Consumer<String> listener;
  private static volatile String lastFailure;
  private static boolean installed;

  private BrokerHalt() {}

  /** Installs the procedures (once per JVM) and remembers {@code logDir} as a broker's. */
  static synchronized void watch(Path logDir) {
    logDirs.add(logDir);
    if (installed) {
      return;
    }
    installed = true;
    captureFailures();
    Exit.setHaltProcedure((status, message) -> stop(status, message, true));
    Exit.setExitProcedure((status, message) -> stop(status, message, false));
  }

  static void forget(Path logDir) {
    logDirs.remove(logDir);
  }

  static void onHalt(Consumer<String> whyLine) {
    listener = whyLine;
  }

  private static void stop(int status, String message, boolean halt) {
    if (logDirs.isEmpty()) {
      // No broker of ours: Kafka's own behaviour (a Kafka tool run in this JVM).
      if (halt) {
        Runtime.getRuntime().halt(status);
      } else {
        System.exit(status);
      }
      return;
    }
    String line = describe(message);
    Consumer<String> l = listener;
    try {
      if (l == null) {
        log.error("Kafka stopped the process (status {}): {}", status, line);
      } else {
        // The listener shows it; the log file gets it too.
        log.info("Kafka stopped the process (status {}): {}", status, line);
        l.accept(line);
      }
    } finally {
      // Not System.exit: the shutdown hooks would wait on clients of a broker that is gone.
      Runtime.getRuntime().halt(status == 0 ? 1 : status);
    }
  }

  /** The one line: which directory, what Kafka said, how much room its filesystem has. */
  static String describe(String haltMessage) {
    Path dir = logDirs.iterator().next();
    String cause = lastFailure;
    Space space = Space.of(dir);
    boolean full =
        (cause != null && cause.contains("No space left on device"))
            || (space != null && space.free() < FULL_BELOW_BYTES);
    StringBuilder b = new StringBuilder("The embedded Kafka broker's log directory ").append(dir);
    b.append(full ? " is on a full disk: " : " failed: ");
    if (cause != null) {
      b.append(cause);
    } else if (haltMessage != null && !haltMessage.isBlank()) {
      b.append(haltMessage);
    } else {
      b.append("Kafka stopped the broker (see the log file)");
    }
    if (space != null) {
      b.append(" (").append(space).append(')');
    }
    b.append(
        "; the broker stopped and this run with it. What was committed is kept: "
            + (full ? "free space on that filesystem" : "fix the directory")
            + " and run the command again to carry on from there.");
    return b.toString();
  }

  /** Free and total bytes of a directory's filesystem. */
  private record Space(long free, long total) {
    static Space of(Path dir) {
      try {
        FileStore store = Files.getFileStore(dir);
        return new Space(store.getUsableSpace(), store.getTotalSpace());
      } catch (IOException | RuntimeException e) {
        return null;
      }
    }

    @Override
    public String toString() {
      return bytes(free) + " free of " + bytes(total);
    }

    private static String bytes(long n) {
      if (n < 1024 * 1024) {
        return String.format(Locale.ROOT, "%,d bytes", n);
      }
      return String.format(Locale.ROOT, "%.1f MiB", n / (1024.0 * 1024.0));
    }
  }

  /**
   * Kafka logs the I/O error behind a failed log directory ({@code No space left on device} and the
   * partition it was appending to) once, just before it halts, and keeps it nowhere else: a small
   * appender on that logger remembers it for the line. Without logback (another SLF4J binding) the
   * line names the directory and its free space only.
   */
  private static void captureFailures() {
    if (!(LoggerFactory.getILoggerFactory() instanceof LoggerContext context)) {
      return;
    }
    AppenderBase<ILoggingEvent> appender =
        new AppenderBase<>() {
          @Override
          protected void append(ILoggingEvent event) {
            if (!event.getLevel().isGreaterOrEqual(Level.ERROR)) {
              return;
            }
            IThrowableProxy t = event.getThrowableProxy();
            // "Error while appending records to purchase-events-0 in dir /d": the directory is
            // named in the line already.
            String what = event.getFormattedMessage().replaceFirst(" in dir \\S+$", "");
            if (t == null) {
              lastFailure = what;
            } else {
              lastFailure = t.getMessage() + " (" + lowerFirst(what) + ")";
            }
          }
        };
    appender.setContext(context);
    appender.setName("pep-log-dir-failures");
    appender.start();
    context.getLogger(FAILURE_LOGGER).addAppender(appender);
  }

  private static String lowerFirst(String s) {
    return s == null || s.isEmpty() ? "" : Character.toLowerCase(s.charAt(0)) + s.substring(1);
  }
}
