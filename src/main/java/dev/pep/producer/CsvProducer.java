package dev.pep.producer;

import dev.pep.config.OnBadRow;
import dev.pep.config.PepException;
import dev.pep.config.PipelineConfig;
import dev.pep.csv.CsvLayout;
import dev.pep.csv.CsvSource;
import dev.pep.csv.LayoutDetector;
import dev.pep.event.EventParser;
import dev.pep.event.Reject;
import dev.pep.event.RejectsFile;
import dev.pep.event.SourceIdentity;
import java.util.Locale;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;
import org.apache.kafka.clients.producer.Callback;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Streams one CSV file into a topic: each row becomes a {@link dev.pep.event.PurchaseEvent} sent as
 * JSON with headers {@code event-id}, {@code source} and {@code line}, or a reject written to the
 * rejects file. One instance per file; {@link #run} blocks the calling thread, which sends, while a
 * second thread ({@link RowPreparer}) reads and serializes the rows ahead of it.
 *
 * <p>A send that fails after the client's own retries stops the run: no further rows are sent, the
 * summary says how many were acknowledged, and the failure is reported in it. Rows count as read
 * when the sending thread handles them, so {@code rowsRead == sent + rejected} always holds.
 */
public final class CsvProducer {
  /** Header carrying the event's deterministic id. */
  public static final String HEADER_EVENT_ID = "event-id";

  private static final Logger log = LoggerFactory.getLogger(CsvProducer.class);
  private static final long PROGRESS_EVERY_NANOS = 100_000_000L;
  private static final int QUEUED_CHUNKS = 8;

  private final PipelineConfig config;
  private final int partitions;
  private final CsvLayout layout;
  private SendObserver observer;

  /**
   * @param config the pipeline's configuration; its bootstrap servers must be set
   * @param partitions the topic's partition count, for the summary
   */
  public CsvProducer(PipelineConfig config, int partitions) {
    this(config, partitions, null);
  }

  /**
   * @param layout the file's layout as detected beforehand, or null to detect it here
   */
  public CsvProducer(PipelineConfig config, int partitions, CsvLayout layout) {
    this.config = config;
    this.partitions = partitions;
    this.layout = layout;
  }

  /** Times every acknowledged send and tells {@code observer} (null: none, the default). */
  public CsvProducer observeSends(SendObserver observer) {
    this.observer = observer;
    return this;
  }

  /**
   * Produces the configured file. Returns when the file is done, {@code stop} says so, or a send
   * failed (see {@link ProduceSummary#failure()}). Bad input that prevents reading the file at all
   * (missing file, wrong header) throws {@link dev.pep.csv.CsvFormatException}.
   */
  public ProduceSummary run(ProduceProgress.Listener listener, BooleanSupplier stop) {
    CsvLayout csv = layout != null ? layout : LayoutDetector.detect(config.csvFile(), config.csv());
    try (CsvSource source = CsvSource.open(config.csvFile(), csv)) {
      SourceIdentity identity = SourceIdentity.of(config.csvFile());
      EventParser parser = new EventParser(identity, csv, config.csv().zone());
      try (RejectsFile rejects =
              new RejectsFile(config.rejectsFile(), csv.columns().header(), csv.charset());
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
    BlockingQueue<RowPreparer.Chunk> queue = new ArrayBlockingQueue<>(QUEUED_CHUNKS);
    boolean failOnBadRow = config.onBadRow() == OnBadRow.FAIL;
    RowPreparer preparer =
        new RowPreparer(source, parser, config.topic(), config.keyField(), queue, failOnBadRow);
    Thread reader = new Thread(preparer, "pep-csv-reader");
    reader.setDaemon(true);
    Counts n = new Counts(acknowledged, rejects, source.size());
    long start = System.nanoTime();
    long nextProgress = start;
    boolean stopped = false;
    PepException inputError = null;
    String policyStop = null;
    log.info(
        "Producing {} to {} ({} partitions) with profile {}",
        source.path(),
        config.topic(),
        partitions,
        config.profile().label());
    reader.start();
    try {
      chunks:
      while (true) {
        RowPreparer.Chunk chunk = queue.take();
        for (Reject r : chunk.rejects()) {
          rejects.write(r);
        }
        n.rowsRead += chunk.rejects().size();
        n.bytesRead = chunk.bytesRead();
        long judged = n.rowsRead + chunk.records().size();
        if (config.maxRejects().exceeded(rejects.count(), judged, chunk.last())) {
          policyStop = tooManyRejects(rejects, judged);
          break;
        }
        for (ProducerRecord<byte[], byte[]> pr : chunk.records()) {
          if (failure.get() != null) {
            break chunks;
          }
          if (stop.getAsBoolean()) {
            stopped = true;
            break chunks;
          }
          try {
            if (sync) {
              producer.send(pr, timed(callback)).get();
            } else {
              producer.send(pr, timed(callback));
            }
          } catch (ExecutionException e) {
            // sent, and failed: the callback has recorded why
          } catch (KafkaException e) {
            failure.compareAndSet(null, e); // refused before sending: neither read nor sent
            break chunks;
          }
          n.rowsRead++;
          n.sent++;
        }
        long now = System.nanoTime();
        if (now >= nextProgress) {
          nextProgress = now + PROGRESS_EVERY_NANOS;
          listener.onProgress(n.progress(now - start));
        }
        if (chunk.error() != null) {
          inputError = chunk.error();
        }
        if (failOnBadRow && rejects.count() > 0) {
          policyStop =
              "stopped at the first bad row (PEP_ON_BAD_ROW=fail): " + rejects.first().get(0);
          break;
        }
        if (chunk.last()) {
          break;
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      stopped = true;
    } finally {
      preparer.cancel();
    }
    producer.flush();
    long elapsed = System.nanoTime() - start;
    listener.onProgress(n.progress(elapsed));
    Exception e = failure.get();
    String failed =
        e != null ? describe(e) : inputError != null ? inputError.getMessage() : policyStop;
    ProduceSummary summary =
        new ProduceSummary(
            source.fileName(),
            config.topic(),
            partitions,
            config.profile().label(),
            n.rowsRead,
            n.sent,
            acknowledged.get(),
            rejects.count(),
            elapsed / 1e9,
            rejects.count() > 0 ? rejects.path() : null,
            rejects.first(),
            failed == null && !stopped,
            failed);
    log.info("Produce finished: {}", summary);
    return summary;
  }

  /** {@code callback}, and the send's latency to the observer when there is one. */
  private Callback timed(Callback callback) {
    SendObserver o = observer;
    if (o == null) {
      return callback;
    }
    long sent = System.nanoTime();
    return (metadata, e) -> {
      if (e == null) {
        o.acknowledged(System.nanoTime() - sent);
      }
      callback.onCompletion(metadata, e);
    };
  }

  /** The sending thread's running counts. */
  private static final class Counts {
    private final AtomicLong acknowledged;
    private final RejectsFile rejects;
    private final long fileBytes;
    long rowsRead;
    long sent;
    long bytesRead;

    Counts(AtomicLong acknowledged, RejectsFile rejects, long fileBytes) {
      this.acknowledged = acknowledged;
      this.rejects = rejects;
      this.fileBytes = fileBytes;
    }

    ProduceProgress progress(long elapsedNanos) {
      return new ProduceProgress(
          rowsRead, sent, acknowledged.get(), rejects.count(), bytesRead, fileBytes, elapsedNanos);
    }
  }

  private String tooManyRejects(RejectsFile rejects, long rowsRead) {
    return String.format(
        Locale.ROOT,
        "%,d rejects in the first %,d rows read, more than PEP_MAX_REJECTS=%s allows: this does"
            + " not look like the file you meant to load (first reject: %s)",
        rejects.count(),
        rowsRead,
        config.maxRejects(),
        rejects.first().get(0));
  }

  private static String describe(Exception e) {
    String m = e.getMessage();
    return e.getClass().getSimpleName() + (m == null ? "" : ": " + m);
  }

  /** The exception callers throw to turn a failed summary into a failed run (exit 1). */
  public static PepException failed(ProduceSummary s) {
    return new PepException(
        "Producing "
            + s.file()
            + " to "
            + s.topic()
            + " stopped after "
            + s.rowsRead()
            + " rows: "
            + s.acknowledged()
            + " of "
            + s.sent()
            + " events sent were acknowledged. Cause: "
            + s.failure());
  }
}
