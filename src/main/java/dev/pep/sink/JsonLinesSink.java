package dev.pep.sink;

import dev.pep.config.PepException;
import dev.pep.event.EventJson;
import java.io.BufferedOutputStream;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Map;

/**
 * Writes each event as one JSON line to a file (appended) or stdout. It holds no offsets, so its
 * consumer commits them to Kafka after each flushed batch: at least once, not exactly once.
 */
final class JsonLinesSink implements Sink {
  private final Path path;
  private final OutputStream out;
  private final EventJson json = new EventJson();

  JsonLinesSink(Path path) {
    this.path = path;
    try {
      if (path.toString().equals("-")) {
        out = new BufferedOutputStream(new FileOutputStream(FileDescriptor.out), 1 << 16);
      } else {
        Path dir = path.toAbsolutePath().getParent();
        if (dir != null) {
          Files.createDirectories(dir);
        }
        out =
            new BufferedOutputStream(
                Files.newOutputStream(path, StandardOpenOption.CREATE, StandardOpenOption.APPEND),
                1 << 16);
      }
    } catch (IOException e) {
      throw new PepException("Cannot open " + path + " for JSON lines: " + e.getMessage(), e);
    }
  }

  @Override
  public Map<Integer, Long> storedOffsets(String group, String topic) {
    return Map.of();
  }

  @Override
  public WriteResult write(
      String group,
      String topic,
      String topicId,
      int partition,
      long expectedNext,
      long newNext,
      List<StoredEvent> events) {
    try {
      for (StoredEvent e : events) {
        out.write(json.write(e.event()));
        out.write('\n');
      }
      out.flush();
      return new WriteResult(events.size(), 0);
    } catch (IOException e) {
      throw new SinkException("Writing JSON lines to " + path + " failed: " + e.getMessage(), e);
    }
  }

  @Override
  public boolean holdsOffsets() {
    return false;
  }

  @Override
  public SinkReport report() {
    return null;
  }

  @Override
  public String describe() {
    return "jsonl " + (path.toString().equals("-") ? "stdout" : path.toString());
  }

  @Override
  public void close() {
    try {
      out.flush();
      if (!path.toString().equals("-")) {
        out.close();
      }
    } catch (IOException e) {
      throw new PepException("Cannot close " + path + ": " + e.getMessage(), e);
    }
  }
}
