package dev.pep.csv;

import dev.pep.config.PepException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * The demo sample shipped inside pep: the header and first 1,071 data rows of the UCI "Online
 * Retail" file (Daqing Chen, 2015, DOI 10.24432/C5BW33, licence CC BY 4.0), byte for byte.
 */
public final class SampleData {
  /** The sample's file name (part of its events' identity). */
  public static final String FILE_NAME = "Online Retail sample.csv";

  /** Data rows in the sample. */
  public static final int ROWS = 1071;

  private SampleData() {}

  /** Copies the sample into {@code dir} (if it is not there yet) and returns its path. */
  public static Path extract(Path dir) {
    Path target = dir.resolve(FILE_NAME);
    try (InputStream in = SampleData.class.getResourceAsStream("/sample/" + FILE_NAME)) {
      if (in == null) {
        throw new PepException("The bundled sample is missing from the pep jar");
      }
      Files.createDirectories(dir);
      Files.copy(in, target, StandardCopyOption.REPLACE_EXISTING);
      return target;
    } catch (IOException e) {
      throw new PepException("Cannot write the bundled sample to " + target + ": " + e, e);
    }
  }
}
