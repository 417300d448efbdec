package dev.pep.producer;

import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.errors.AuthenticationException;
import org.apache.kafka.common.errors.AuthorizationException;
import org.apache.kafka.common.errors.InvalidProducerEpochException;
import org.apache.kafka.common.errors.InvalidTopicException;
import org.apache.kafka.common.errors.ProducerFencedException;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.errors.UnsupportedVersionException;

/** Sorts the producer's errors: fenced (stop), terminal (fail), or worth a new producer (retry). */
final class ProducerErrors {
  private ProducerErrors() {}

  /** True when {@code e} or a cause says another producer now holds the transactional id. */
  static boolean fenced(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof ProducerFencedException || t instanceof InvalidProducerEpochException) {
        return true;
      }
    }
    return false;
  }

  /** Errors a new producer would meet again. */
  static boolean terminal(Exception e) {
    Throwable t = e instanceof KafkaException && e.getCause() instanceof Exception c ? c : e;
    return t instanceof AuthenticationException
        || t instanceof AuthorizationException
        || t instanceof UnsupportedVersionException
        || t instanceof RecordTooLargeException
        || t instanceof InvalidTopicException;
  }

  /** The error in one line: its (or its cause's, for a wrapper) class and message. */
  static String describe(Exception e) {
    Throwable t = e instanceof KafkaException && e.getCause() != null ? e.getCause() : e;
    String m = t.getMessage();
    return t.getClass().getSimpleName() + (m == null ? "" : ": " + m);
  }
}
