package dev.pep.event;

import dev.pep.csv.CsvFormatException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * The identity of an input file: a short hash of its name, size and first 64 KiB. The same file
 * (even at another path) gets the same identity, so every row gets the same event id on every run;
 * a file with other content gets another. Event ids are {@code <identity>:<line>}.
 */
public record SourceIdentity(String fileName, long size, String hash) {
  private static final int HEAD_BYTES = 64 * 1024;

  /** Reads the first block of {@code path} and computes its identity. */
  public static SourceIdentity of(Path path) {
    try (InputStream in = Files.newInputStream(path)) {
      MessageDigest sha = MessageDigest.getInstance("SHA-256");
      String name = path.getFileName().toString();
      long size = Files.size(path);
      sha.update(name.getBytes(StandardCharsets.UTF_8));
      sha.update((byte) 0);
      sha.update(Long.toString(size).getBytes(StandardCharsets.US_ASCII));
      sha.update((byte) 0);
      sha.update(in.readNBytes(HEAD_BYTES));
      byte[] digest = sha.digest();
      return new SourceIdentity(name, size, HexFormat.of().formatHex(digest, 0, 8));
    } catch (IOException e) {
      throw new CsvFormatException("Cannot read " + path + ": " + e.getMessage(), e);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every JVM", e);
    }
  }

  /** The event id of the record starting at {@code line}. */
  public String eventId(long line) {
    return hash + ':' + line;
  }
}
