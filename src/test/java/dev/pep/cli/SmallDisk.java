package dev.pep.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * A size-limited tmpfs a full-disk test mounts on a directory of its own (tests run as root), made
 * bigger with {@link #grow} to free space, unmounted by {@link #close}. Mounting where it is not
 * permitted skips the test, except under {@code CI=true} (CI runs as root: there it fails).
 */
final class SmallDisk implements AutoCloseable {
  private final Path dir;

  private SmallDisk(Path dir) {
    this.dir = dir;
  }

  /**
   * Creates {@code dir} and mounts a tmpfs of {@code size} (as {@code mount -o size=}: 64k, 4m).
   */
  static SmallDisk mount(Path dir, String size) throws Exception {
    Files.createDirectories(dir);
    int exit = run("mount", "-t", "tmpfs", "-o", "size=" + size, "tmpfs", dir.toString());
    if (exit != 0) {
      String why = "cannot mount a tmpfs on " + dir + " (exit " + exit + "): not root?";
      if ("true".equals(System.getenv("CI"))) {
        throw new AssertionError(why + " (CI=true runs as root: the full-disk tests must run)");
      }
      assumeTrue(false, "Skipped: " + why);
    }
    return new SmallDisk(dir);
  }

  Path dir() {
    return dir;
  }

  /** Frees space: the same filesystem, with its files, remounted at {@code size}. */
  void grow(String size) throws Exception {
    assertThat(run("mount", "-o", "remount,size=" + size, dir.toString())).isZero();
  }

  @Override
  public void close() throws Exception {
    run("umount", dir.toString());
  }

  private static int run(String... command) throws Exception {
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    p.getInputStream().transferTo(java.io.OutputStream.nullOutputStream());
    if (!p.waitFor(30, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      return -1;
    }
    return p.exitValue();
  }
}
