package dev.pep.cli;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.PatternLayout;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.filter.ThresholdFilter;
import ch.qos.logback.classic.spi.Configurator;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.core.Appender;
import ch.qos.logback.core.ConsoleAppender;
import ch.qos.logback.core.CoreConstants;
import ch.qos.logback.core.encoder.LayoutWrappingEncoder;
import ch.qos.logback.core.rolling.RollingFileAppender;
import ch.qos.logback.core.rolling.SizeAndTimeBasedRollingPolicy;
import ch.qos.logback.core.spi.ContextAwareBase;
import ch.qos.logback.core.util.FileSize;

/**
 * pep's logging, configured in code (found by logback through {@code META-INF/services}) rather
 * than from an XML file: logback's XML configurator was about half a second of a cold start, on
 * every command. The log file is for people debugging a run; the console shows only warnings (ours)
 * and errors (Kafka's), so the user's output stays readable.
 *
 * <p>A configuration of one's own still wins: with {@code -Dlogback.configurationFile=FILE}, or a
 * {@code logback-test.xml} on the class path (the tests'), logback reads that file as usual.
 */
public final class LogSetup extends ContextAwareBase implements Configurator {
  /** Where the log goes: {@code PEP_LOG_DIR} (a system property or the environment), else logs/. */
  static String logDirectory() {
    String dir = System.getProperty("PEP_LOG_DIR");
    if (dir == null || dir.isEmpty()) {
      dir = System.getenv("PEP_LOG_DIR");
    }
    return dir == null || dir.isEmpty() ? "logs" : dir;
  }

  @Override
  public ExecutionStatus configure(LoggerContext context) {
    if (System.getProperty("logback.configurationFile") != null
        || LogSetup.class.getClassLoader().getResource("logback-test.xml") != null) {
      return ExecutionStatus.INVOKE_NEXT_IF_ANY; // a configuration file of one's own
    }
    apply(context, logDirectory());
    return ExecutionStatus.DO_NOT_INVOKE_NEXT_IF_ANY;
  }

  /** pep's appenders and loggers on {@code context}, the file in {@code dir}. */
  static void apply(LoggerContext context, String dir) {
    Appender<ILoggingEvent> file = file(context, dir);
    Appender<ILoggingEvent> console =
        console(context, "CONSOLE", Level.WARN, "%-5level %msg%nopex");
    Appender<ILoggingEvent> consoleErrors =
        console(context, "CONSOLE_ERRORS", Level.ERROR, "%-5level %logger{36} - %msg%nopex");

    // Kafka's clients and broker: INFO in the file, only errors on the console.
    only(context, "org.apache.kafka", Level.INFO, file, consoleErrors);
    only(context, "kafka", Level.INFO, file, consoleErrors);
    // Its connection failures (refused credentials among them) end in the command's own one-line
    // error, which names the address and what to check: the file keeps Kafka's account.
    only(context, "org.apache.kafka.clients.NetworkClient", Level.INFO, file);
    // Logs ERROR while a topic created a moment ago is not yet served, then retries: file only.
    only(
        context,
        "org.apache.kafka.clients.admin.internals.PartitionLeaderStrategy",
        Level.INFO,
        file);
    // A failed log directory (a full disk): Kafka logs the I/O error with its stack trace, then
    // halts the process; pep prints one line naming the directory and the cause instead.
    only(context, "org.apache.kafka.storage.internals.log.LogDirFailureChannel", Level.INFO, file);
    only(context, "kafka.log.LogManager", Level.INFO, file);
    only(context, "state.change.logger", Level.WARN, file);
    // The command's error handler prints the one-line message itself.
    only(context, "dev.pep.cli.ErrorHandler", Level.INFO, file);

    Logger root = context.getLogger(Logger.ROOT_LOGGER_NAME);
    root.setLevel(Level.INFO);
    root.addAppender(file);
    root.addAppender(console);
  }

  /** {@code name} logs at {@code level} to these appenders only (not to the root's). */
  @SafeVarargs
  private static void only(
      LoggerContext context, String name, Level level, Appender<ILoggingEvent>... appenders) {
    Logger logger = context.getLogger(name);
    logger.setLevel(level);
    logger.setAdditive(false);
    for (Appender<ILoggingEvent> a : appenders) {
      logger.addAppender(a);
    }
  }

  /** logs/pep.log, rolled daily and at 50 MB into gzipped parts; 7 days and 500 MB kept. */
  private static Appender<ILoggingEvent> file(LoggerContext context, String dir) {
    RollingFileAppender<ILoggingEvent> file = new RollingFileAppender<>();
    file.setContext(context);
    file.setName("FILE");
    file.setFile(dir + "/pep.log");
    SizeAndTimeBasedRollingPolicy<ILoggingEvent> rolling = new SizeAndTimeBasedRollingPolicy<>();
    rolling.setContext(context);
    rolling.setParent(file);
    rolling.setFileNamePattern(dir + "/pep.%d{yyyy-MM-dd}.%i.log.gz");
    rolling.setMaxFileSize(FileSize.valueOf("50MB"));
    rolling.setMaxHistory(7);
    rolling.setTotalSizeCap(FileSize.valueOf("500MB"));
    rolling.start();
    file.setRollingPolicy(rolling);
    file.setEncoder(encoder(context, "%d{ISO8601} %-5level [%thread] %logger{36} - %msg%n"));
    file.start();
    return file;
  }

  private static Appender<ILoggingEvent> console(
      LoggerContext context, String name, Level threshold, String pattern) {
    ConsoleAppender<ILoggingEvent> console = new ConsoleAppender<>();
    console.setContext(context);
    console.setName(name);
    console.setTarget("System.err");
    ThresholdFilter filter = new ThresholdFilter();
    filter.setLevel(threshold.levelStr);
    filter.start();
    console.addFilter(filter);
    OneLine layout = new OneLine();
    layout.setContext(context);
    layout.setPattern(pattern);
    layout.start();
    LayoutWrappingEncoder<ILoggingEvent> encoder = new LayoutWrappingEncoder<>();
    encoder.setContext(context);
    encoder.setLayout(layout);
    encoder.start();
    console.setEncoder(encoder);
    console.start();
    return console;
  }

  /**
   * A console line: the pattern, then the exception's class and message in brackets where the event
   * has one, never its stack trace (that goes to the file). Kafka's broker logs errors with a trace
   * on a full disk, say, which put dozens of lines above pep's own one-line error.
   */
  static final class OneLine extends PatternLayout {
    @Override
    public String doLayout(ILoggingEvent event) {
      String line = super.doLayout(event);
      IThrowableProxy t = event.getThrowableProxy();
      if (t == null) {
        return line + CoreConstants.LINE_SEPARATOR;
      }
      String message = t.getMessage();
      return line
          + " ("
          + t.getClassName()
          + (message == null ? "" : ": " + message.replace('\n', ' '))
          + ")"
          + CoreConstants.LINE_SEPARATOR;
    }
  }

  private static PatternLayoutEncoder encoder(LoggerContext context, String pattern) {
    PatternLayoutEncoder encoder = new PatternLayoutEncoder();
    encoder.setContext(context);
    encoder.setPattern(pattern);
    encoder.start();
    return encoder;
  }
}
