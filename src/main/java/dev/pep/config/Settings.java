package dev.pep.config;

import java.nio.charset.Charset;
import java.nio.file.Path;
import java.time.ZoneId;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The table of every setting: name, default, doc and validator in one place. The configuration
 * reference in the README is printed from this table by {@code pep config --reference}.
 */
public final class Settings {
  /** Prefix of Kafka producer properties passed through unchanged (after the prefix). */
  public static final String PRODUCER_PREFIX = KafkaProperties.Kind.PRODUCER.prefix();

  /** The value of a layout setting that means "detect it from the file". */
  public static final String AUTO = "auto";

  /** The event columns a --columns mapping may name: csv.Column's headers (SchemaNamesTest). */
  static final List<String> COLUMN_NAMES =
      List.of(
          "InvoiceNo",
          "StockCode",
          "Description",
          "Quantity",
          "InvoiceDate",
          "UnitPrice",
          "CustomerID",
          "Country");

  public static final Setting<String> BOOTSTRAP_SERVERS =
      Setting.of(
          "KAFKA_BOOTSTRAP_SERVERS",
          "",
          Parsers::bootstrap,
          "Kafka bootstrap servers, host:port[,host:port...]. Empty: start the embedded broker.");
  public static final Setting<String> TOPIC_NAME =
      Setting.of("KAFKA_TOPIC", "purchase-events", Parsers::topic, "Topic the events are sent to.");
  public static final Setting<Integer> PARTITIONS =
      Setting.integer(
          "KAFKA_PARTITIONS",
          "3",
          1,
          10_000,
          "Partitions of the topic when pep creates it (an existing topic is left as it is).");
  public static final Setting<Path> CSV_FILE =
      Setting.path(
          "CSV_FILE_PATH",
          "data/Online Retail.csv",
          "The CSV file to produce. When the default is absent, run uses the bundled sample.");
  public static final Setting<Optional<Character>> CSV_SEPARATOR =
      Setting.of(
          "CSV_SEPARATOR",
          AUTO,
          Parsers::separator,
          "Field separator: `,`, `;`, `tab`, `pipe` or auto (the most frequent of comma, semicolon"
              + " and tab in the header line).");
  public static final Setting<Optional<Charset>> CSV_ENCODING =
      Setting.of(
          "CSV_ENCODING",
          AUTO,
          v -> Parsers.auto(v, Parsers::charset),
          "Character encoding of the CSV file, or auto: a UTF-8 or UTF-16 BOM says it, else valid"
              + " UTF-8 at the first non-ASCII byte means UTF-8, anything else ISO-8859-1"
              + " (windows-1252 when bytes 0x80-0x9F occur).");
  public static final Setting<Optional<String>> CSV_DATE_FORMAT =
      Setting.of(
          "CSV_DATE_FORMAT",
          AUTO,
          v -> Parsers.auto(v, Parsers::datePattern),
          "Layout of InvoiceDate (java.time pattern, e.g. `dd/MM/yyyy HH:mm`), or auto: numeric"
              + " dates `M/d/yyyy H:mm`, `M/d/yy H:mm`, `yyyy-MM-dd HH:mm[:ss]`, row by row,"
              + " month or day first as the data shows (a field > 12).");
  public static final Setting<Map<String, String>> CSV_COLUMNS =
      Setting.of(
          "CSV_COLUMNS",
          "",
          Settings::columns,
          "Header names for columns pep does not recognise, e.g. `InvoiceNo=Invoice,UnitPrice=Price`"
              + " (the UCI and Online Retail II names are known).");
  public static final Setting<ZoneId> ZONE =
      Setting.of(
          "PEP_ZONE",
          "Europe/London",
          ZoneId::of,
          "Time zone of InvoiceDate (the retailer is in the UK); events carry the UTC offset.");
  public static final Setting<Profile> PROFILE =
      Setting.choice(
          "PEP_PROFILE",
          "optimized",
          Profile.class,
          "Producer profile: baseline (synchronous sends), optimized (the seed's tuned settings) or"
              + " fast (larger batches, measured by `pep bench`).");
  public static final Setting<KeyField> KEY_FIELD =
      Setting.choice(
          "PEP_KEY_FIELD",
          "invoice_no",
          KeyField.class,
          "Event field used as the record key: invoice_no, stock_code, customer_id or none.");
  public static final Setting<Boolean> EVENT_ID_HEADER =
      Setting.flag(
          "PEP_EVENT_ID_HEADER",
          "false",
          "Also send each event's id as an `event-id` record header, for tools that deduplicate on"
              + " headers (the id is always in the value; the header costs produce and consume about"
              + " a tenth of their CPU).");
  public static final Setting<Path> REJECTS_FILE =
      Setting.path(
          "PEP_REJECTS_FILE",
          "logs/rejects.csv",
          "CSV file the rejected rows are written to, with the reason (created only when needed).");
  public static final Setting<OnBadRow> ON_BAD_ROW =
      Setting.choice(
          "PEP_ON_BAD_ROW",
          "reject",
          OnBadRow.class,
          "A row that is not a valid event: reject (write it to the rejects file and go on) or"
              + " fail (stop at the first, exit 1).");
  public static final Setting<RejectLimit> MAX_REJECTS =
      Setting.of(
          "PEP_MAX_REJECTS",
          "none",
          RejectLimit::parse,
          "Stop the run (exit 1) when there are more rejects than this: none, a number, or a"
              + " percentage of the rows read (e.g. `5%`, judged from 1,000 rows on).");
  public static final Setting<Integer> COMMIT_INTERVAL_MS =
      Setting.integer(
          "PEP_COMMIT_INTERVAL_MS",
          "1000",
          10,
          600_000,
          "How often produce commits its Kafka transaction with a checkpoint of the last line sent:"
              + " a rerun after a crash resumes there. Shorter: less to resend, more commits.");
  public static final Setting<Path> STATE_DIR =
      Setting.path("PEP_STATE_DIR", ".pep", "Directory for the embedded broker's data.");
  public static final Setting<Integer> BROKER_PORT =
      Setting.integer(
          "PEP_BROKER_PORT",
          "9092",
          0,
          65_535,
          "Port of the embedded broker (0: any free port). The controller uses a free port.");

  public static final Setting<SinkType> SINK =
      Setting.choice(
          "PEP_SINK",
          "duckdb",
          SinkType.class,
          "Where consume writes events: duckdb (embedded), postgres (PEP_DB_URL) or jsonl.");
  public static final Setting<String> GROUP_ID =
      Setting.of(
          "PEP_GROUP_ID",
          "purchase-event-pipeline",
          Parsers::nonEmpty,
          "Kafka consumer group of consume (the sink stores its offsets per group).");
  public static final Setting<Integer> SESSION_TIMEOUT_MS =
      Setting.integer(
          "PEP_SESSION_TIMEOUT_MS",
          "45000",
          1,
          3_600_000,
          "How long the consumer group waits for a silent consume process (crashed, paused) before"
              + " giving its partitions to the others (Kafka's session.timeout.ms; the broker"
              + " allows 6000 to 300000).");
  public static final Setting<Integer> MAX_POLL_INTERVAL_MS =
      Setting.integer(
          "PEP_MAX_POLL_INTERVAL_MS",
          "300000",
          1,
          Integer.MAX_VALUE,
          "How long a consume process may go between polls before it leaves the group and its"
              + " partitions go to the others (Kafka's max.poll.interval.ms).");
  public static final Setting<Integer> DB_WAIT_LIMIT_MS =
      Setting.integer(
          "PEP_DB_WAIT_LIMIT_MS",
          "300000",
          0,
          Integer.MAX_VALUE,
          "How long consume waits for a database sink that keeps failing in a way that passes (down,"
              + " restarting, unreachable) before the run ends with one line, exit 1; 0: for as"
              + " long as it lasts.");
  public static final Setting<String> DB_URL =
      Setting.text(
          "PEP_DB_URL",
          "",
          "JDBC URL of the PostgreSQL sink, e.g. jdbc:postgresql://127.0.0.1:5432/test?user=postgres.");
  public static final Setting<String> DB_PASSWORD =
      Setting.secret(
          "PEP_DB_PASSWORD",
          "Password for PEP_DB_URL (never printed). Prefer PEP_DB_PASSWORD_FILE.");
  public static final Setting<String> DB_PASSWORD_FILE =
      Setting.text(
          "PEP_DB_PASSWORD_FILE", "", "File whose first line is the password for PEP_DB_URL.");
  public static final Setting<Path> DUCKDB_FILE =
      Setting.of(
          "PEP_DUCKDB_FILE",
          "",
          v -> v.isBlank() ? null : Parsers.path(v),
          "Database file of the duckdb sink (one process at a time). Empty: events.duckdb in"
              + " PEP_STATE_DIR.");
  public static final Setting<Path> JSONL_PATH =
      Setting.path("PEP_JSONL_PATH", "-", "Output of the jsonl sink: a file, or - for stdout.");
  public static final Setting<String> EVENTS_TABLE =
      Setting.of(
          "PEP_EVENTS_TABLE",
          "purchase_events",
          SinkConfig::table,
          "Table of the events in the database sinks.");
  public static final Setting<String> OFFSETS_TABLE =
      Setting.of(
          "PEP_OFFSETS_TABLE",
          "pep_offsets",
          SinkConfig::table,
          "Table of the consumer's offsets, written in the same transaction as the events.");
  public static final Setting<Integer> METRICS_PORT =
      Setting.of(
          "PEP_METRICS_PORT",
          "",
          v -> v.isBlank() ? null : Parsers.intIn(v, 0, 65_535),
          "Port of the HTTP endpoint with /metrics (Prometheus), /live and /ready, served by run,"
              + " produce, consume and watch while they work. Empty: off. 0: any free port (printed).");
  public static final Setting<Integer> METRICS_LINGER_SECONDS =
      Setting.integer(
          "PEP_METRICS_LINGER_SECONDS",
          "0",
          0,
          86_400,
          "How long the metrics endpoint stays up after the command's work ends (Ctrl-C ends it"
              + " sooner), so that a scrape sees a one-shot run's final counts; /ready is 503 then.");

  // pep watch
  public static final Setting<List<String>> WATCH_PATTERN =
      Setting.of(
          "PEP_WATCH_PATTERN",
          "*.csv,*.csv.gz,*.tsv,*.txt",
          WatchConfig::patterns,
          "Files pep watch takes from its directory: comma-separated glob patterns of names"
              + " (hidden files and names ending in .tmp, .part, .crdownload or ~ never).");
  public static final Setting<Integer> WATCH_MIN_AGE_MS =
      Setting.integer(
          "PEP_WATCH_MIN_AGE_MS",
          "3000",
          0,
          86_400_000,
          "How long a file's size and modification time must stay unchanged before pep watch"
              + " reads it (a file still being copied is left alone).");
  public static final Setting<Integer> WATCH_PARALLEL =
      Setting.integer(
          "PEP_WATCH_PARALLEL",
          "2",
          1,
          64,
          "Files pep watch produces at once (each in file order, with its own transactional id).");
  public static final Setting<AfterProduce> WATCH_DONE =
      Setting.choice(
          "PEP_WATCH_DONE",
          "move",
          AfterProduce.class,
          "What pep watch does with a file once all its rows are committed: move (to finished/ in"
              + " the directory), delete, or keep (leave it; its checkpoint marks it produced).");
  public static final Setting<Integer> WATCH_POLL_MS =
      Setting.integer(
          "PEP_WATCH_POLL_MS",
          "1000",
          10,
          600_000,
          "How often pep watch lists its directory for new files.");

  // pep aggregate
  public static final Setting<String> AGGREGATE_ID =
      Setting.of(
          "PEP_AGGREGATE_ID",
          "pep-aggregate",
          Parsers::topic,
          "Kafka Streams application id of aggregate: its consumer group and the prefix of its"
              + " internal topics. Processes with the same id share the work.");

  /** Every setting, in the order `pep config` shows them. */
  public static final List<Setting<?>> ALL =
      List.of(
          BOOTSTRAP_SERVERS,
          TOPIC_NAME,
          PARTITIONS,
          CSV_FILE,
          CSV_SEPARATOR,
          CSV_ENCODING,
          CSV_DATE_FORMAT,
          ZONE,
          CSV_COLUMNS,
          PROFILE,
          KEY_FIELD,
          EVENT_ID_HEADER,
          REJECTS_FILE,
          ON_BAD_ROW,
          MAX_REJECTS,
          COMMIT_INTERVAL_MS,
          STATE_DIR,
          BROKER_PORT,
          SINK,
          GROUP_ID,
          SESSION_TIMEOUT_MS,
          MAX_POLL_INTERVAL_MS,
          DB_WAIT_LIMIT_MS,
          DB_URL,
          DB_PASSWORD,
          DB_PASSWORD_FILE,
          DUCKDB_FILE,
          JSONL_PATH,
          EVENTS_TABLE,
          OFFSETS_TABLE,
          METRICS_PORT,
          METRICS_LINGER_SECONDS,
          WATCH_PATTERN,
          WATCH_MIN_AGE_MS,
          WATCH_PARALLEL,
          WATCH_DONE,
          WATCH_POLL_MS,
          AGGREGATE_ID);

  private Settings() {}

  /** The setting named {@code name}, or null. */
  public static Setting<?> byName(String name) {
    for (Setting<?> s : ALL) {
      if (s.name().equals(name)) {
        return s;
      }
    }
    return null;
  }

  /** True for keys whose values must never be printed (passwords, JAAS configs, secrets). */
  public static boolean isSecret(String key) {
    String k = key.toLowerCase(Locale.ROOT);
    Setting<?> s = byName(key);
    return (s != null && s.secret())
        || k.contains("password")
        || k.contains("jaas")
        || k.contains("secret")
        || k.contains("credential")
        || k.endsWith(".key")
        // Kafka's own PASSWORD-typed properties: the name patterns above miss some
        // (sasl.oauthbearer.assertion.private.key.passphrase, ssl.keystore.certificate.chain).
        || KafkaProperties.isSecret(key);
  }

  /**
   * Parses CSV_COLUMNS: {@code COLUMN=HEADER} pairs whose columns are among {@link #COLUMN_NAMES}.
   */
  static Map<String, String> columns(String v) {
    Map<String, String> m = new LinkedHashMap<>();
    if (v.isBlank()) {
      return m;
    }
    for (String pair : v.split(",")) {
      int eq = pair.indexOf('=');
      String ours = eq < 0 ? "" : pair.substring(0, eq).trim();
      String theirs = eq < 0 ? "" : pair.substring(eq + 1).trim();
      if (ours.isEmpty() || theirs.isEmpty()) {
        throw new IllegalArgumentException(
            "expected COLUMN=HEADER[,COLUMN=HEADER...], e.g. InvoiceNo=Invoice,UnitPrice=Price");
      }
      if (!COLUMN_NAMES.contains(ours)) {
        throw new IllegalArgumentException(
            "'" + ours + "' is not a column; the columns are " + String.join(", ", COLUMN_NAMES));
      }
      m.put(ours, theirs);
    }
    return m;
  }
}
