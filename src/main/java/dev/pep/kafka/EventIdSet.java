package dev.pep.kafka;

import java.nio.charset.StandardCharsets;
import java.util.BitSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * The distinct event ids seen, exactly and compactly: an id of pep's own form {@code <16 hex
 * digits>:<line>} is kept as one bit per line of its file (541,909 ids of one file take 68 KB
 * instead of about 60 MB of strings in a hash set); any other id as a string. Not thread-safe.
 */
final class EventIdSet {
  private final Map<Long, BitSet> linesPerFile = new HashMap<>();
  private final Set<String> others = new HashSet<>();
  private long size;

  /** Adds an id given as its UTF-8 bytes; true when it was not seen before. */
  boolean add(byte[] id) {
    long file = 0;
    int i = 0;
    boolean ours = id.length > 17 && id[16] == ':';
    for (; ours && i < 16; i++) {
      int d = Character.digit(id[i], 16);
      ours = d >= 0;
      file = (file << 4) | d;
    }
    long line = 0;
    for (i = 17; ours && i < id.length; i++) {
      int d = id[i] - '0';
      ours = d >= 0 && d <= 9 && line < Integer.MAX_VALUE / 10;
      line = line * 10 + d;
    }
    boolean added;
    if (ours) {
      BitSet lines = linesPerFile.computeIfAbsent(file, f -> new BitSet());
      added = !lines.get((int) line);
      lines.set((int) line);
    } else {
      added = others.add(new String(id, StandardCharsets.UTF_8));
    }
    if (added) {
      size++;
    }
    return added;
  }

  long size() {
    return size;
  }
}
