package dev.pep.producer;

import dev.pep.config.KeyField;
import dev.pep.config.PepException;
import dev.pep.csv.CsvSource;
import dev.pep.csv.RawRecord;
import dev.pep.event.BadRowException;
import dev.pep.event.EventJson;
import dev.pep.event.EventParser;
import dev.pep.event.PurchaseEvent;
import dev.pep.event.Reject;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.internals.BuiltInPartitioner;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeader;

/**
 * The reading half of {@link CsvProducer}: on its own thread, turns the file's rows into ready
 * Kafka records (parse, validate, serialize) or rejects, and hands them over in chunks, in file
 * order, through a bounded queue. Parsing thus overlaps with the producer's compression and sending
 * on the other thread; the queue bounds memory. The last chunk has {@code last} set. With {@code
 * stopAtFirstReject} the chunk holding the first reject is the last, and holds no row after it.
 *
 * <p>With {@code keyPartitions} set (the topic's partition count), each keyed record carries the
 * partition Kafka's default partitioner would give its key, computed here rather than on the
 * sending thread.
 *
 * <p>Rows starting at or before {@code resumeAfterLine} were sent by an earlier run: they are
 * parsed (so the rejects file and counts cover the whole file) but not turned into records; the
 * chunk counts them as {@code skipped}.
 */
final class RowPreparer implements Runnable {
  static final int CHUNK_ROWS = 1024;

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

  private final CsvSource source;
  private final EventParser parser;
  private final String topic;
  private final KeyField keyField;
  private final int keyPartitions;
  private final BlockingQueue<Chunk> queue;
  private final boolean stopAtFirstReject;
  private final long resumeAfterLine;
  private final EventJson json = new EventJson();
  private long lastLine;
  private long lastLineHandedOver;
  private volatile boolean cancelled;

  RowPreparer(
      CsvSource source,
      EventParser parser,
      String topic,
      KeyField keyField,
      int keyPartitions,
      BlockingQueue<Chunk> queue,
      boolean stopAtFirstReject,
      long resumeAfterLine) {
    this.source = source;
    this.resumeAfterLine = resumeAfterLine;
    this.stopAtFirstReject = stopAtFirstReject;
    this.parser = parser;
    this.topic = topic;
    this.keyField = keyField;
    this.keyPartitions = keyPartitions;
    this.queue = queue;
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
        long skipped = 0;
        PepException error = null;
        try {
          while (rows < CHUNK_ROWS && (more = source.hasNext())) {
            RawRecord record = source.next();
            rows++;
            lastLine = record.line();
            try {
              PurchaseEvent event = parser.parse(record);
              if (record.line() > resumeAfterLine) {
                records.add(toRecord(event));
              } else {
                skipped++;
              }
            } catch (BadRowException e) {
              rejects.add(e.reject());
              if (stopAtFirstReject) {
                more = false; // the fail policy: nothing after the first bad row is read
                break;
              }
            }
          }
        } catch (PepException e) {
          error = e;
          more = false;
        }
        put(new Chunk(records, rejects, rows, skipped, lastLine, source.bytesRead(), !more, error));
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
                source.bytesRead(),
                true,
                new PepException("Reading " + source.fileName() + " failed: " + e, e)));
      } catch (InterruptedException ie) {
        Thread.currentThread().interrupt();
      }
    }
  }

  private void put(Chunk chunk) throws InterruptedException {
    while (!queue.offer(chunk, 100, TimeUnit.MILLISECONDS)) {
      if (cancelled) {
        return;
      }
    }
  }

  private ProducerRecord<byte[], byte[]> toRecord(PurchaseEvent event) {
    // One header only: the JSON already holds source_file and source_line, and every header
    // is encoded again for each record (measured: 3 headers cost ~10% of throughput).
    Header id =
        new RecordHeader(
            CsvProducer.HEADER_EVENT_ID, event.eventId().getBytes(StandardCharsets.UTF_8));
    byte[] key = key(event);
    return new ProducerRecord<>(topic, partition(key), key, json.write(event), List.of(id));
  }

  /**
   * The partition Kafka's default partitioner gives {@code key} (the same function), or null to let
   * the producer pick: no key, or {@code keyPartitions} is 0.
   */
  private Integer partition(byte[] key) {
    return key == null || keyPartitions == 0
        ? null
        : BuiltInPartitioner.partitionForKey(key, keyPartitions);
  }

  private byte[] key(PurchaseEvent e) {
    String v =
        switch (keyField) {
          case INVOICE_NO -> e.invoiceNo();
          case STOCK_CODE -> e.stockCode();
          case CUSTOMER_ID -> e.customerId();
          case NONE -> null;
        };
    return v == null ? null : v.getBytes(StandardCharsets.UTF_8);
  }
}
