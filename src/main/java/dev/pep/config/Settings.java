package dev.pep.config;

import java.nio.charset.Charset;
import java.nio.file.Path;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * The table of every setting: name, default, doc and validator in one place. The configuration
 * reference in the README is printed from this table by {@code pep config --reference}.
 */
public final class Settings {
  /** Prefix of Kafka producer properties passed through unchanged (after the prefix). */
  public static final String PRODUCER_PREFIX = KafkaProperties.Kind.PRODUCER.prefix();

  /** The value of a layout setting that means "detect it from the file". */
  public static final String AUTO = "auto";

  private static final Pattern TOPIC = Pattern.compile("[a-zA-Z0-9._-]{1,249}");

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
      new Setting<>(
          "KAFKA_BOOTSTRAP_SERVERS",
          "",
          "Kafka bootstrap servers, host:port[,host:port...]. Empty: start the embedded broker.",
          Settings::bootstrap,
          false);
  public static final Setting<String> TOPIC_NAME =
      new Setting<>(
          "KAFKA_TOPIC",
          "purchase-events",
          "Topic the events are sent to.",
          Settings::topic,
          false);
  public static final Setting<Integer> PARTITIONS =
      new Setting<>(
          "KAFKA_PARTITIONS",
          "3",
          "Partitions of the topic when pep creates it (an existing topic is left as it is).",
          v -> intIn(v, 1, 10_000),
          false);
  public static final Setting<Path> CSV_FILE =
      new Setting<>(
          "CSV_FILE_PATH",
          "data/Online Retail.csv",
          "The CSV file to produce. When the default is absent, run uses the bundled sample.",
          Settings::path,
          false);
  public static final Setting<Optional<Character>> CSV_SEPARATOR =
      new Setting<>(
          "CSV_SEPARATOR",
          AUTO,
          "Field separator: `,`, `;`, `tab`, `pipe` or auto (the most frequent of comma, semicolon"
              + " and tab in the header line).",
          Settings::separator,
          false);
  public static final Setting<Optional<Charset>> CSV_ENCODING =
      new Setting<>(
          "CSV_ENCODING",
          AUTO,
          "Character encoding of the CSV file, or auto: a UTF-8 BOM or valid UTF-8 at the first"
              + " non-ASCII byte means UTF-8, anything else ISO-8859-1 (windows-1252 when bytes"
              + " 0x80-0x9F occur).",
          v -> auto(v, Settings::charset),
          false);
  public static final Setting<Optional<String>> CSV_DATE_FORMAT =
      new Setting<>(
          "CSV_DATE_FORMAT",
          AUTO,
          "Layout of InvoiceDate (java.time pattern, e.g. `dd/MM/yyyy HH:mm`), or auto: numeric"
              + " dates `M/d/yyyy H:mm`, `M/d/yy H:mm`, `yyyy-MM-dd HH:mm[:ss]`, row by row,"
              + " month or day first as the data shows (a field > 12).",
          v -> auto(v, Settings::datePattern),
          false);
  public static final Setting<Map<String, String>> CSV_COLUMNS =
      new Setting<>(
          "CSV_COLUMNS",
          "",
          "Header names for columns pep does not recognise, e.g. `InvoiceNo=Invoice,UnitPrice=Price`"
              + " (the UCI and Online Retail II names are known).",
          Settings::columns,
          false);
  public static final Setting<ZoneId> ZONE =
      new Setting<>(
          "PEP_ZONE",
          "Europe/London",
          "Time zone of InvoiceDate (the retailer is in the UK); events carry the UTC offset.",
          ZoneId::of,
          false);
  public static final Setting<Profile> PROFILE =
      new Setting<>(
          "PEP_PROFILE",
          "optimized",
          "Producer profile: baseline (synchronous sends), optimized (the seed's tuned settings) or"
              + " fast (larger batches, measured by `pep bench`).",
          v -> enumValue(Profile.class, v),
          false);
  public static final Setting<KeyField> KEY_FIELD =
      new Setting<>(
          "PEP_KEY_FIELD",
          "invoice_no",
          "Event field used as the record key: invoice_no, stock_code, customer_id or none.",
          v -> enumValue(KeyField.class, v),
          false);
  public static final Setting<Path> REJECTS_FILE =
      new Setting<>(
          "PEP_REJECTS_FILE",
          "logs/rejects.csv",
          "CSV file the rejected rows are written to, with the reason (created only when needed).",
          Settings::path,
          false);
  public static final Setting<OnBadRow> ON_BAD_ROW =
      new Setting<>(
          "PEP_ON_BAD_ROW",
          "reject",
          "A row that is not a valid event: reject (write it to the rejects file and go on) or"
              + " fail (stop at the first, exit 1).",
          v -> enumValue(OnBadRow.class, v),
          false);
  public static final Setting<RejectLimit> MAX_REJECTS =
      new Setting<>(
          "PEP_MAX_REJECTS",
          "none",
          "Stop the run (exit 1) when there are more rejects than this: none, a number, or a"
              + " percentage of the rows read (e.g. `5%`, judged from 1,000 rows on).",
          RejectLimit::parse,
          false);
  public static final Setting<Integer> COMMIT_INTERVAL_MS =
      new Setting<>(
          "PEP_COMMIT_INTERVAL_MS",
          "1000",
          "How often produce commits its Kafka transaction with a checkpoint of the last line sent:"
              + " a rerun after a crash resumes there. Shorter: less to resend, more commits.",
          v -> intIn(v, 10, 600_000),
          false);
  public static final Setting<Path> STATE_DIR =
      new Setting<>(
          "PEP_STATE_DIR",
          ".pep",
          "Directory for the embedded broker's data.",
          Settings::path,
          false);
  public static final Setting<Integer> BROKER_PORT =
      new Setting<>(
          "PEP_BROKER_PORT",
          "9092",
          "Port of the embedded broker (0: any free port). The controller uses a free port.",
          v -> intIn(v, 0, 65_535),
          false);

  public static final Setting<SinkType> SINK =
      new Setting<>(
          "PEP_SINK",
          "duckdb",
          "Where consume writes events: duckdb (embedded), postgres (PEP_DB_URL) or jsonl.",
          v -> enumValue(SinkType.class, v),
          false);
  public static final Setting<String> GROUP_ID =
      new Setting<>(
          "PEP_GROUP_ID",
          "purchase-event-pipeline",
          "Kafka consumer group of consume (the sink stores its offsets per group).",
          Settings::nonEmpty,
          false);
  public static final Setting<Integer> SESSION_TIMEOUT_MS =
      new Setting<>(
          "PEP_SESSION_TIMEOUT_MS",
          "45000",
          "How long the consumer group waits for a silent consume process (crashed, paused) before"
              + " giving its partitions to the others (Kafka's session.timeout.ms; the broker"
              + " allows 6000 to 300000).",
          v -> intIn(v, 1, 3_600_000),
          false);
  public static final Setting<Integer> MAX_POLL_INTERVAL_MS =
      new Setting<>(
          "PEP_MAX_POLL_INTERVAL_MS",
          "300000",
          "How long a consume process may go between polls before it leaves the group and its"
              + " partitions go to the others (Kafka's max.poll.interval.ms).",
          v -> intIn(v, 1, Integer.MAX_VALUE),
          false);
  public static final Setting<String> DB_URL =
      new Setting<>(
          "PEP_DB_URL",
          "",
          "JDBC URL of the PostgreSQL sink, e.g. jdbc:postgresql://127.0.0.1:5432/test?user=postgres.",
          v -> v,
          false);
  public static final Setting<String> DB_PASSWORD =
      new Setting<>(
          "PEP_DB_PASSWORD",
          "",
          "Password for PEP_DB_URL (never printed). Prefer PEP_DB_PASSWORD_FILE.",
          v -> v,
          true);
  public static final Setting<String> DB_PASSWORD_FILE =
      new Setting<>(
          "PEP_DB_PASSWORD_FILE",
          "",
          "File whose first line is the password for PEP_DB_URL.",
          v -> v,
          false);
  public static final Setting<Path> DUCKDB_FILE =
      new Setting<>(
          "PEP_DUCKDB_FILE",
          "",
          "Database file of the duckdb sink (one process at a time). Empty: events.duckdb in"
              + " PEP_STATE_DIR.",
          v -> v.isBlank() ? null : path(v),
          false);
  public static final Setting<Path> JSONL_PATH =
      new Setting<>(
          "PEP_JSONL_PATH",
          "-",
          "Output of the jsonl sink: a file, or - for stdout.",
          Settings::path,
          false);
  public static final Setting<String> EVENTS_TABLE =
      new Setting<>(
          "PEP_EVENTS_TABLE",
          "purchase_events",
          "Table of the events in the database sinks.",
          SinkConfig::table,
          false);
  public static final Setting<String> OFFSETS_TABLE =
      new Setting<>(
          "PEP_OFFSETS_TABLE",
          "pep_offsets",
          "Table of the consumer's offsets, written in the same transaction as the events.",
          SinkConfig::table,
          false);

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
          DB_URL,
          DB_PASSWORD,
          DB_PASSWORD_FILE,
          DUCKDB_FILE,
          JSONL_PATH,
          EVENTS_TABLE,
          OFFSETS_TABLE);

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

  static <T> Optional<T> auto(String v, Function<String, T> parser) {
    return v.isEmpty() || v.equalsIgnoreCase(AUTO)
        ? Optional.empty()
        : Optional.of(parser.apply(v));
  }

  static Charset charset(String v) {
    if (!Charset.isSupported(v)) {
      throw new IllegalArgumentException("not a character encoding this JVM knows");
    }
    return Charset.forName(v);
  }

  static String datePattern(String v) {
    DateTimeFormatter.ofPattern(v, Locale.ROOT);
    return v;
  }

  static Optional<Character> separator(String v) {
    if (v.equalsIgnoreCase(AUTO)) {
      return Optional.empty();
    }
    if (v.equalsIgnoreCase("tab") || v.equals("\\t") || v.equals("\t")) {
      return Optional.of('\t');
    }
    if (v.equalsIgnoreCase("pipe")) {
      return Optional.of('|');
    }
    if (v.length() == 1 && ",;|".contains(v)) {
      return Optional.of(v.charAt(0));
    }
    throw new IllegalArgumentException("expected auto, ',', ';', 'tab' or '|'");
  }

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

  static String bootstrap(String v) {
    if (v.isEmpty()) {
      return v;
    }
    for (String hostPort : v.split(",")) {
      String hp = hostPort.trim();
      int colon = hp.lastIndexOf(':');
      if (colon <= 0 || colon == hp.length() - 1) {
        throw new IllegalArgumentException("expected host:port[,host:port...]");
      }
      intIn(hp.substring(colon + 1), 1, 65_535);
    }
    return v;
  }

  static String nonEmpty(String v) {
    if (v.isEmpty()) {
      throw new IllegalArgumentException("must not be empty");
    }
    return v;
  }

  static String topic(String v) {
    if (!TOPIC.matcher(v).matches() || v.equals(".") || v.equals("..")) {
      throw new IllegalArgumentException(
          "a topic name is 1 to 249 characters of a-z, A-Z, 0-9, '.', '_' and '-'");
    }
    return v;
  }

  static Path path(String v) {
    if (v.isEmpty()) {
      throw new IllegalArgumentException("expected a path");
    }
    try {
      return Path.of(v);
    } catch (java.nio.file.InvalidPathException e) {
      throw new IllegalArgumentException("not a valid path: " + e.getReason());
    }
  }

  static int intIn(String v, int min, int max) {
    int n;
    try {
      n = Integer.parseInt(v);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("expected a whole number from " + min + " to " + max);
    }
    if (n < min || n > max) {
      throw new IllegalArgumentException("expected a whole number from " + min + " to " + max);
    }
    return n;
  }

  static <E extends Enum<E>> E enumValue(Class<E> type, String v) {
    for (E e : type.getEnumConstants()) {
      if (e.name().equalsIgnoreCase(v.replace('-', '_'))) {
        return e;
      }
    }
    StringBuilder allowed = new StringBuilder();
    for (E e : type.getEnumConstants()) {
      allowed.append(allowed.length() == 0 ? "" : ", ").append(e.name().toLowerCase(Locale.ROOT));
    }
    throw new IllegalArgumentException("expected one of " + allowed);
  }
}
