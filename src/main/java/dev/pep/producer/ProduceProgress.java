package dev.pep.producer;

/**
 * A snapshot of a running produce, handed to a {@link Listener} about ten times a second.
 *
 * @param bytesRead bytes of the file read so far; with {@code fileBytes} it gives the ETA
 */
public record ProduceProgress(
    long rowsRead,
    long sent,
    long acknowledged,
    long rejected,
    long bytesRead,
    long fileBytes,
    long elapsedNanos) {

  /** Receives progress; called on the producing thread, so it must be quick. */
  @FunctionalInterface
  public interface Listener {
    void onProgress(ProduceProgress progress);

    Listener NONE = p -> {};
  }

  /** Acknowledged events per second so far. */
  public double rate() {
    return elapsedNanos == 0 ? 0 : acknowledged * 1e9 / elapsedNanos;
  }
}
