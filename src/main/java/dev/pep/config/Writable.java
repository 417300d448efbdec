package dev.pep.config;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Checks, before anything is started or sent, that pep can write where a setting points, so a wrong
 * path stops a run at once with a message naming the setting, the path and why, instead of failing
 * halfway. Creates nothing.
 */
public final class Writable {
  private Writable() {}

  /** {@code dir} is a writable directory, or can be created as one. */
  public static void directory(Path dir, String setting) {
    Path d = dir.toAbsolutePath().normalize();
    if (Files.exists(d) && !Files.isDirectory(d)) {
      throw cannot(setting, d, d + " is a file, not a directory");
    }
    ancestor(d, setting, d);
  }

  /** {@code file} can be written: it is a writable file, or its directory can hold a new one. */
  public static void file(Path file, String setting) {
    Path f = file.toAbsolutePath().normalize();
    if (Files.isDirectory(f)) {
      throw cannot(setting, f, f + " is a directory, not a file");
    }
    if (Files.exists(f)) {
      if (!Files.isWritable(f)) {
        throw cannot(setting, f, f + " is not writable");
      }
      return;
    }
    if (f.getParent() != null) {
      ancestor(f.getParent(), setting, f);
    }
  }

  /** The nearest existing ancestor of {@code dir} (itself included) is a writable directory. */
  private static void ancestor(Path dir, String setting, Path target) {
    Path a = dir;
    while (a != null && !Files.exists(a)) {
      a = a.getParent();
    }
    if (a == null) {
      return;
    }
    if (!Files.isDirectory(a)) {
      throw cannot(setting, target, a + " is a file, not a directory");
    }
    if (!Files.isWritable(a)) {
      throw cannot(setting, target, "directory " + a + " is not writable");
    }
    // A read-only file system says it is writable to isWritable() on some platforms: try it.
    try {
      Files.deleteIfExists(Files.createTempFile(a, ".pep-write-check", ".tmp"));
    } catch (IOException e) {
      throw cannot(setting, target, "cannot create a file in " + a + " (" + e.getMessage() + ")");
    }
  }

  private static PepException cannot(String setting, Path target, String why) {
    return new PepException("Cannot write " + target + " (" + setting + "): " + why + ".");
  }
}
