package dev.pep.producer;

import dev.pep.config.PepException;
import dev.pep.event.EventReader;
import dev.pep.event.PurchaseEvent;
import dev.pep.event.Reject;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * The reading half of a produce run: on its own thread, turns the file's rows into ready Kafka
 * records (read and parse through {@link EventReader}, then {@link EventRecords}) or rejects, and
 * hands them over in chunks, in file order, through a bounded queue. Parsing thus overlaps with the
 * producer's compression and sending on the other thread; the queue bounds memory. The last chunk
 * has {@code last} set. With {@code stopAtFirstReject} the chunk holding the first reject is the
 * last, and holds no row after it.
 *
 * <p>Rows starting at or before {@code resumeAfterLine} were sent by an earlier run: they are
 * parsed (so the rejects file and counts cover the whole file) but not turned into records; the
 * chunk counts them as {@code skipped}.
 */
final class RowPreparer implements Runnable {
  static final int CHUNK_ROWS = 1024;

  /**
   * A chunk also ends once its events take this many bytes (their JSON values), so the queue holds
   * at most its capacity times this much however long the rows are (a normal row of the UCI file is
   * about 280 bytes: 1,024 of them fill a quarter of it).
   */
  static final int CHUNK_BYTES = 1 << 20;

  /**
   * Rows {@code rows} of the file as records and rejects.
   *
   * @param skipped rows left out as sent by an earlier run
   * @param lastLine the starting line of the chunk's last row, or of the row before it when empty
   * @param error the input could not be read further (set on the last chunk only)
   */
  record Chunk(
      List<ProducerRecord<byte[], byte[]>> records,
      List<Reject> rejects,
      long rows,
      long skipped,
      long lastLine,
      long bytesRead,
      boolean last,
      PepException error) {}

  private final EventReader reader;
  private final EventRecords eventRecords;
  private final BlockingQueue<Chunk> queue;
  private final boolean stopAtFirstReject;
  private final long resumeAfterLine;
  private long lastLine;
  private long lastLineHandedOver;
  private volatile boolean cancelled;
  private volatile long waitedForRoomNanos;

  RowPreparer(
      EventReader reader,
      EventRecords eventRecords,
      BlockingQueue<Chunk> queue,
      boolean stopAtFirstReject,
      long resumeAfterLine) {
    this.reader = reader;
    this.eventRecords = eventRecords;
    this.queue = queue;
    this.stopAtFirstReject = stopAtFirstReject;
    this.resumeAfterLine = resumeAfterLine;
  }

  /** Asks the thread to stop after the chunk it is working on. */
  void cancel() {
    cancelled = true;
  }

  @Override
  public void run() {
    try {
      boolean more = true;
      while (more && !cancelled) {
        List<ProducerRecord<byte[], byte[]>> records = new ArrayList<>(CHUNK_ROWS);
        List<Reject> rejects = new ArrayList<>(0);
        long rows = 0;
        long bytes = 0;
        long skipped = 0;
        PepException error = null;
        try {
          while (rows < CHUNK_ROWS && bytes < CHUNK_BYTES && (more = reader.next())) {
            rows++;
            lastLine = reader.line();
            PurchaseEvent event = reader.event();
            if (event == null) {
              rejects.add(reader.reject());
              if (stopAtFirstReject) {
                more = false; // the fail policy: nothing after the first bad row is read
                break;
              }
            } else if (lastLine > resumeAfterLine) {
              ProducerRecord<byte[], byte[]> r = eventRecords.of(event);
              bytes += r.value().length;
              records.add(r);
            } else {
              skipped++;
            }
          }
        } catch (PepException e) {
          error = e;
          more = false;
        }
        put(new Chunk(records, rejects, rows, skipped, lastLine, reader.bytesRead(), !more, error));
        lastLineHandedOver = lastLine;
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (RuntimeException e) {
      // A bug, not bad input: hand it to the sending thread so the run fails with it.
      try {
        put(
            new Chunk(
                List.of(),
                List.of(),
                0,
                0,
                lastLineHandedOver,
                reader.bytesRead(),
                true,
                new PepException("Reading " + reader.fileName() + " failed: " + e, e)));
      } catch (InterruptedException ie) {
        Thread.currentThread().interrupt();
      }
    }
  }

  /** How long this thread has waited for the sending thread to take its chunks. */
  long waitedForRoomNanos() {
    return waitedForRoomNanos;
  }

  private void put(Chunk chunk) throws InterruptedException {
    if (queue.offer(chunk)) {
      return;
    }
    long start = System.nanoTime();
    try {
      while (!queue.offer(chunk, 100, TimeUnit.MILLISECONDS)) {
        if (cancelled) {
          return;
        }
      }
    } finally {
      waitedForRoomNanos += System.nanoTime() - start;
    }
  }
}
