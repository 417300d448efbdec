package dev.pep.producer;

import dev.pep.config.PepException;
import java.nio.file.Path;
import java.util.Locale;

/**
 * A run was asked to resume a file that changed since it was last produced to the topic: only the
 * same file resumes ({@link CsvProducer.Start#RESTART} sends it again from its first row).
 */
public final class FileChangedException extends PepException {
  private static final long serialVersionUID = 1L;

  FileChangedException(Path file, String topic, Checkpoint last, long nowBytes) {
    super(
        String.format(
            Locale.ROOT,
            "%s changed since it was produced to %s up to line %,d (then %,d bytes, now %,d):"
                + " pep resumes only the same file.",
            file,
            topic,
            last.line(),
            last.size(),
            nowBytes));
  }
}
