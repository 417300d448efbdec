package dev.pep.watch;

import dev.pep.config.PepException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The watched directory: which of its files are ready to be read, and where they go afterwards
 * ({@code finished/}, {@code error/} with a {@code <name>.error.txt}, {@code rejects/} for each
 * file's bad rows). Used by the watching thread only; the moves are single renames, so a file is
 * either still in the directory or at its destination, whatever moment the process dies.
 *
 * <p>A file is ready when its name matches a pattern, it is not hidden, its name does not end in a
 * temporary suffix, and its size and modification time stayed the same for the minimum age (as this
 * process observed them). Ready files come oldest first (by modification time, then name).
 */
final class SpoolDirectory {
  /** Suffixes of files still being written by a copy, a download or an editor. */
  static final List<String> TEMPORARY_SUFFIXES = List.of(".tmp", ".part", ".crdownload", "~");

  static final String FINISHED = "finished";
  static final String ERROR = "error";
  static final String REJECTS = "rejects";

  private final Path dir;
  private final List<PathMatcher> patterns = new ArrayList<>();
  private final long minAgeNanos;
  private final Map<Path, Seen> seen = new HashMap<>();

  /** A file's size and modification time, and since when (nanoTime) they have been so. */
  private record Seen(long size, long modified, long sinceNanos) {}

  /** A file that is ready, with the modification time it was ready at. */
  record Ready(Path path, long size, long modifiedMillis) {}

  SpoolDirectory(Path dir, List<String> globs, long minAgeNanos) {
    this.dir = dir;
    for (String g : globs) {
      patterns.add(FileSystems.getDefault().getPathMatcher("glob:" + g));
    }
    this.minAgeNanos = minAgeNanos;
  }

  Path dir() {
    return dir;
  }

  /** Creates the directory's {@code finished/}, {@code error/} and {@code rejects/} folders. */
  void prepare() {
    try {
      for (String sub : List.of(FINISHED, ERROR, REJECTS)) {
        Files.createDirectories(dir.resolve(sub));
      }
    } catch (IOException e) {
      throw new PepException(
          "Cannot create the folders of the watched directory " + dir + ": " + e, e);
    }
  }

  /** True when a file of this name is one pep would take (pattern, not hidden, not temporary). */
  boolean candidate(String name) {
    if (name.startsWith(".")) {
      return false;
    }
    String lower = name.toLowerCase(Locale.ROOT);
    for (String suffix : TEMPORARY_SUFFIXES) {
      if (lower.endsWith(suffix)) {
        return false;
      }
    }
    Path p = Path.of(name);
    for (PathMatcher m : patterns) {
      if (m.matches(p)) {
        return true;
      }
    }
    return false;
  }

  /**
   * Lists the directory and returns the files that are ready, oldest first, leaving out {@code
   * busy} (being produced) ones. A file whose size or time changed since the last listing starts
   * its minimum age again.
   */
  List<Ready> ready(Set<Path> busy, long nowNanos) {
    List<Ready> out = new ArrayList<>();
    Map<Path, Seen> still = new HashMap<>();
    try (DirectoryStream<Path> files = Files.newDirectoryStream(dir)) {
      for (Path f : files) {
        String name = f.getFileName().toString();
        if (!candidate(name)) {
          continue;
        }
        BasicFileAttributes a;
        try {
          a = Files.readAttributes(f, BasicFileAttributes.class);
        } catch (IOException e) {
          continue; // gone since the listing
        }
        if (!a.isRegularFile() || Files.isHidden(f)) {
          continue;
        }
        long modified = a.lastModifiedTime().toMillis();
        Seen before = seen.get(f);
        Seen now =
            before != null && before.size() == a.size() && before.modified() == modified
                ? before
                : new Seen(a.size(), modified, nowNanos);
        still.put(f, now);
        if (nowNanos - now.sinceNanos() >= minAgeNanos && !busy.contains(f)) {
          out.add(new Ready(f, a.size(), modified));
        }
      }
    } catch (IOException | UncheckedIOException e) {
      throw new PepException("Cannot list the watched directory " + dir + ": " + e, e);
    }
    seen.clear();
    seen.putAll(still);
    out.sort(
        Comparator.comparingLong(Ready::modifiedMillis)
            .thenComparing(r -> r.path().getFileName().toString()));
    return out;
  }

  /** Files in the directory that match but are not ready yet (being copied, or younger). */
  int waiting(Set<Path> busy, long nowNanos) {
    int n = 0;
    for (Map.Entry<Path, Seen> e : seen.entrySet()) {
      if (!busy.contains(e.getKey()) && nowNanos - e.getValue().sinceNanos() < minAgeNanos) {
        n++;
      }
    }
    return n;
  }

  /** Where the bad rows of {@code file} are written. */
  Path rejectsFile(Path file) {
    return dir.resolve(REJECTS).resolve(file.getFileName() + ".rejects.csv");
  }

  /** Moves {@code file} into {@code finished/}; returns where it went. */
  Path finish(Path file) {
    return moveInto(file, FINISHED);
  }

  /**
   * Writes {@code <name>.error.txt} into {@code error/}, then moves the file there; returns where
   * it went. The reason is written first: a crash between the two leaves the file to be tried
   * again.
   */
  Path fail(Path file, String reason) {
    Path target = free(dir.resolve(ERROR), file.getFileName().toString());
    Path why = target.resolveSibling(target.getFileName() + ".error.txt");
    try {
      Files.writeString(why, reason + System.lineSeparator(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new PepException("Cannot write " + why + ": " + e, e);
    }
    return move(file, target);
  }

  private Path moveInto(Path file, String sub) {
    return move(file, free(dir.resolve(sub), file.getFileName().toString()));
  }

  private static Path move(Path file, Path target) {
    try {
      try {
        return Files.move(file, target, StandardCopyOption.ATOMIC_MOVE);
      } catch (AtomicMoveNotSupportedException e) {
        return Files.move(file, target);
      }
    } catch (IOException e) {
      throw new PepException("Cannot move " + file + " to " + target + ": " + e, e);
    }
  }

  /**
   * {@code name} in {@code folder}, or when that is taken (a file of the same name finished before)
   * {@code name (2)}, {@code name (3)}, … with the number before the first dot.
   */
  static Path free(Path folder, String name) {
    Path p = folder.resolve(name);
    int dot = name.indexOf('.', 1);
    String stem = dot < 0 ? name : name.substring(0, dot);
    String ext = dot < 0 ? "" : name.substring(dot);
    for (int n = 2;
        Files.exists(p) || Files.exists(p.resolveSibling(p.getFileName() + ".error.txt"));
        n++) {
      p = folder.resolve(stem + " (" + n + ")" + ext);
    }
    return p;
  }
}
