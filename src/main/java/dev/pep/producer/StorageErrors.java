package dev.pep.producer;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.AppenderBase;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.LoggerFactory;

/**
 * The partitions for which a broker answered {@code KAFKA_STORAGE_ERROR}, per transactional id. A
 * broker answers so when its log directory failed (a full disk, a broken one) and then, having no
 * other, halts; Kafka's producer retries that answer and only logs it, and the send ends in a
 * {@code TimeoutException} that no longer says why. A small appender on the producer's sender
 * logger remembers it for pep's one-line error. Without logback (another SLF4J binding) nothing is
 * remembered and the line is as before.
 */
final class StorageErrors {
  /** Logs each produce response with an error, with the producer's ids in front. */
  private static final String SENDER_LOGGER = "org.apache.kafka.clients.producer.internals.Sender";

  private static final Pattern STORAGE_ERROR =
      Pattern.compile(
          "transactionalId=([^,\\]]+).*? on topic-partition (\\S+?), .*Error: KAFKA_STORAGE_ERROR");

  private static final Map<String, Set<String>> partitions = new ConcurrentHashMap<>();
  private static boolean installed;

  private StorageErrors() {}

  /** Installs the appender, once per JVM. */
  static synchronized void watch() {
    if (installed || !(LoggerFactory.getILoggerFactory() instanceof LoggerContext context)) {
      return;
    }
    installed = true;
    AppenderBase<ILoggingEvent> appender =
        new AppenderBase<>() {
          @Override
          protected void append(ILoggingEvent event) {
            if (!event.getLevel().isGreaterOrEqual(Level.WARN)) {
              return;
            }
            remember(event.getFormattedMessage());
          }
        };
    appender.setContext(context);
    appender.setName("pep-broker-storage-errors");
    appender.start();
    context.getLogger(SENDER_LOGGER).addAppender(appender);
  }

  /**
   * {@code why} (a failure of {@code transactionalId}'s producer) with a sentence naming the
   * partitions a broker answered with a storage error, if it did.
   */
  static String addTo(String why, String transactionalId) {
    Set<String> seen = partitions.get(transactionalId);
    if (seen == null || seen.isEmpty()) {
      return why;
    }
    return why
        + (why.endsWith(".") ? " " : ". ")
        + "Before that the broker answered KAFKA_STORAGE_ERROR for "
        + String.join(", ", new TreeSet<>(seen))
        + ": its log directory failed (a full disk or a broken one; see the broker's log).";
  }

  /** Remembers {@code message} if it is a storage error answer (the appender's test seam). */
  static void remember(String message) {
    Matcher m = STORAGE_ERROR.matcher(message);
    if (m.find()) {
      partitions.computeIfAbsent(m.group(1), k -> ConcurrentHashMap.newKeySet()).add(m.group(2));
    }
  }
}
