package dev.pep.watch;

import dev.pep.csv.CsvLayout;
import java.nio.file.Path;

/**
 * Hears what {@link Watcher} does, for a person to follow. Called from the watcher's threads (the
 * file methods from the thread producing that file): implementations must be thread-safe.
 */
public interface WatchListener {
  /**
   * {@code file} was taken from the directory to be produced, as {@link WatchCounts#filesSeen}
   * counts it (a file tried again is taken again). Called from the watching thread.
   */
  default void taken(Path file) {}

  /** {@code file} is about to be produced in {@code layout}. */
  void started(Path file, CsvLayout layout);

  /** {@code file} ended as {@code outcome} says. */
  void ended(FileOutcome outcome);

  /**
   * Nothing is being produced; called every status interval while so.
   *
   * @param waiting files in the directory not ready yet (being copied, or younger than the minimum
   *     age)
   */
  void idle(WatchCounts counts, int waiting);
}
