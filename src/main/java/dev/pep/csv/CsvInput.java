package dev.pep.csv;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPInputStream;

/**
 * The bytes of an input file as text bytes: a gzip file (known by its magic number, whatever its
 * name) is decompressed as a stream, without a temporary copy. Also knows the byte order marks pep
 * reads: UTF-8's and UTF-16's (Excel's "Unicode text" export is UTF-16 little-endian with one).
 */
final class CsvInput {
  private static final int GZIP_MAGIC_1 = 0x1f;
  private static final int GZIP_MAGIC_2 = 0x8b;

  private CsvInput() {}

  /** True when {@code path} starts with the gzip magic number. */
  static boolean isGzip(Path path) throws IOException {
    try (InputStream in = Files.newInputStream(path)) {
      return isGzip(in.readNBytes(2));
    }
  }

  private static boolean isGzip(byte[] head) {
    return head.length >= 2 && (head[0] & 0xff) == GZIP_MAGIC_1 && (head[1] & 0xff) == GZIP_MAGIC_2;
  }

  /**
   * Opens the text bytes of {@code path}: {@code raw} (the file's own bytes, e.g. counted for
   * progress), decompressed when the file is gzip.
   */
  static InputStream open(Path path, InputStream raw) throws IOException {
    InputStream in = new BufferedInputStream(raw, 1 << 16);
    in.mark(2);
    byte[] head = in.readNBytes(2);
    in.reset();
    if (isGzip(head)) {
      return new BufferedInputStream(new GZIPInputStream(in, 1 << 16), 1 << 16);
    }
    return in;
  }

  /** Opens the text bytes of {@code path}, decompressed when it is gzip. */
  static InputStream open(Path path) throws IOException {
    return open(path, Files.newInputStream(path));
  }

  /** The charset whose byte order mark starts {@code head}, or null when none does. */
  static Charset bomCharset(byte[] head) {
    if (head.length >= 3
        && (head[0] & 0xff) == 0xEF
        && (head[1] & 0xff) == 0xBB
        && (head[2] & 0xff) == 0xBF) {
      return StandardCharsets.UTF_8;
    }
    if (head.length >= 2 && (head[0] & 0xff) == 0xFF && (head[1] & 0xff) == 0xFE) {
      return StandardCharsets.UTF_16LE;
    }
    if (head.length >= 2 && (head[0] & 0xff) == 0xFE && (head[1] & 0xff) == 0xFF) {
      return StandardCharsets.UTF_16BE;
    }
    return null;
  }

  /** The length in bytes of {@code charset}'s byte order mark. */
  static int bomLength(Charset charset) {
    return charset.equals(StandardCharsets.UTF_8) ? 3 : 2;
  }
}
