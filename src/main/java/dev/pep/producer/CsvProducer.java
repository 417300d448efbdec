package dev.pep.producer;

import dev.pep.config.KeyField;
import dev.pep.config.PepException;
import dev.pep.config.PipelineConfig;
import dev.pep.csv.CsvSource;
import dev.pep.csv.RawRecord;
import dev.pep.event.BadRowException;
import dev.pep.event.EventJson;
import dev.pep.event.EventParser;
import dev.pep.event.PurchaseEvent;
import dev.pep.event.RejectsFile;
import dev.pep.event.SourceIdentity;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;
import org.apache.kafka.clients.producer.Callback;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Streams one CSV file into a topic: each row becomes a {@link PurchaseEvent} sent as JSON with
 * headers {@code event-id}, {@code source} and {@code line}, or a reject written to the rejects
 * file. Runs on the calling thread; one instance per file.
 *
 * <p>A send that fails after the client's own retries stops the run: no further rows are read, the
 * summary says how many were acknowledged, and the failure is reported in it.
 */
public final class CsvProducer {
  /** Header carrying the event's deterministic id. */
  public static final String HEADER_EVENT_ID = "event-id";

  /** Header carrying the source file's name. */
  public static final String HEADER_SOURCE = "source";

  /** Header carrying the line the record starts on. */
  public static final String HEADER_LINE = "line";

  private static final Logger log = LoggerFactory.getLogger(CsvProducer.class);
  private static final long PROGRESS_EVERY_NANOS = 100_000_000L;

  private final PipelineConfig config;
  private final int partitions;

  /**
   * @param config the pipeline's configuration; its bootstrap servers must be set
   * @param partitions the topic's partition count, for the summary
   */
  public CsvProducer(PipelineConfig config, int partitions) {
    this.config = config;
    this.partitions = partitions;
  }

  /**
   * Produces the configured file. Returns when the file is done, {@code stop} says so, or a send
   * failed (see {@link ProduceSummary#failure()}). Bad input that prevents reading the file at all
   * (missing file, wrong header) throws {@link dev.pep.csv.CsvFormatException}.
   */
  public ProduceSummary run(ProduceProgress.Listener listener, BooleanSupplier stop) {
    try (CsvSource source = CsvSource.open(config.csvFile(), config.encoding(), ',')) {
      SourceIdentity identity = SourceIdentity.of(config.csvFile());
      EventParser parser =
          new EventParser(identity, source.layout(), config.dateFormat(), config.zone());
      try (RejectsFile rejects =
              new RejectsFile(config.rejectsFile(), source.layout().header(), config.encoding());
          Producer<byte[], byte[]> producer = new KafkaProducer<>(ProducerProperties.of(config))) {
        return produce(source, parser, rejects, producer, listener, stop);
      }
    }
  }

  private ProduceSummary produce(
      CsvSource source,
      EventParser parser,
      RejectsFile rejects,
      Producer<byte[], byte[]> producer,
      ProduceProgress.Listener listener,
      BooleanSupplier stop) {
    EventJson json = new EventJson();
    AtomicLong acknowledged = new AtomicLong();
    AtomicReference<Exception> failure = new AtomicReference<>();
    Callback callback =
        (metadata, e) -> {
          if (e == null) {
            acknowledged.incrementAndGet();
          } else {
            failure.compareAndSet(null, e);
          }
        };
    boolean sync = config.profile().synchronous();
    byte[] sourceName = source.fileName().getBytes(StandardCharsets.UTF_8);
    String topic = config.topic();
    long rowsRead = 0;
    long sent = 0;
    long start = System.nanoTime();
    long nextProgress = start;
    boolean stopped = false;
    log.info(
        "Producing {} to {} ({} partitions) with profile {}",
        source.path(),
        topic,
        partitions,
        config.profile().label());
    while (failure.get() == null && source.hasNext()) {
      if (stop.getAsBoolean()) {
        stopped = true;
        break;
      }
      RawRecord record = source.next();
      rowsRead++;
      PurchaseEvent event;
      try {
        event = parser.parse(record);
      } catch (BadRowException e) {
        rejects.write(e.reject());
        continue;
      }
      RecordHeaders headers = new RecordHeaders();
      headers.add(HEADER_EVENT_ID, event.eventId().getBytes(StandardCharsets.UTF_8));
      headers.add(HEADER_SOURCE, sourceName);
      headers.add(HEADER_LINE, Long.toString(record.line()).getBytes(StandardCharsets.US_ASCII));
      ProducerRecord<byte[], byte[]> pr =
          new ProducerRecord<>(topic, null, key(event), json.write(event), headers);
      try {
        if (sync) {
          producer.send(pr, callback).get();
        } else {
          producer.send(pr, callback);
        }
        sent++;
      } catch (ExecutionException e) {
        // The callback has recorded the failure; the loop ends on the next check.
        sent++;
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        stopped = true;
        break;
      } catch (org.apache.kafka.common.KafkaException e) {
        failure.compareAndSet(null, e);
      }
      long now = System.nanoTime();
      if (now >= nextProgress) {
        nextProgress = now + PROGRESS_EVERY_NANOS;
        listener.onProgress(
            new ProduceProgress(
                rowsRead,
                sent,
                acknowledged.get(),
                rejects.count(),
                source.bytesRead(),
                source.size(),
                now - start));
      }
    }
    producer.flush();
    long elapsed = System.nanoTime() - start;
    listener.onProgress(
        new ProduceProgress(
            rowsRead,
            sent,
            acknowledged.get(),
            rejects.count(),
            source.bytesRead(),
            source.size(),
            elapsed));
    Exception e = failure.get();
    ProduceSummary summary =
        new ProduceSummary(
            source.fileName(),
            topic,
            partitions,
            config.profile().label(),
            rowsRead,
            sent,
            acknowledged.get(),
            rejects.count(),
            elapsed / 1e9,
            rejects.count() > 0 ? rejects.path() : null,
            rejects.first(),
            e == null && !stopped,
            e == null ? null : describe(e));
    log.info("Produce finished: {}", summary);
    return summary;
  }

  private byte[] key(PurchaseEvent e) {
    KeyField k = config.keyField();
    String v =
        switch (k) {
          case INVOICE_NO -> e.invoiceNo();
          case STOCK_CODE -> e.stockCode();
          case CUSTOMER_ID -> e.customerId();
          case NONE -> null;
        };
    return v == null ? null : v.getBytes(StandardCharsets.UTF_8);
  }

  private static String describe(Exception e) {
    String m = e.getMessage();
    return e.getClass().getSimpleName() + (m == null ? "" : ": " + m);
  }

  /** Thrown by callers that turn a failed summary into a failed run. */
  public static PepException failed(ProduceSummary s) {
    return new PepException(
        "Sending to "
            + s.topic()
            + " failed after "
            + s.acknowledged()
            + " of "
            + s.sent()
            + " events were acknowledged: "
            + s.failure());
  }
}
