package dev.pep.event;

/**
 * Where an event came from: the file's name and the line its record starts on.
 *
 * @param file the source file's name (no directory)
 * @param line 1-based line where the record starts (the header is line 1)
 */
public record SourcePosition(String file, long line) {
  public SourcePosition {
    if (file == null || file.isEmpty()) {
      throw new IllegalArgumentException("a source position needs a file name");
    }
    if (line < 1) {
      throw new IllegalArgumentException("line must be >= 1, was " + line);
    }
  }

  @Override
  public String toString() {
    return file + " line " + line;
  }
}
