package dev.pep.event;

import static dev.pep.event.EventSchema.Nulls.NOT_NULL;
import static dev.pep.event.EventSchema.Nulls.NULLABLE;
import static dev.pep.event.EventSchema.SqlType.BIGINT;
import static dev.pep.event.EventSchema.SqlType.INTEGER;
import static dev.pep.event.EventSchema.SqlType.TEXT;
import static dev.pep.event.EventSchema.SqlType.TIMESTAMPTZ;

import dev.pep.csv.Column;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The one owner of a purchase event's shape: its fields in order, each with its JSON name (the wire
 * format, README "Event schema"), its SQL column, type and nullability, and the CSV column it is
 * read from; the columns the database sink adds; the Kafka header and the dead-letter topic's
 * suffix. The JSON writer and reader, the database sinks and the report take their names from here;
 * what cannot (the CSV {@link Column} list, the configuration's column names, the SQL migrations)
 * has a test that fails when it disagrees.
 *
 * <p>Adding a field: a constant here (in its place in the JSON), a component of {@link
 * PurchaseEvent}, its value in {@link EventJson} and in the two bulk loaders of {@code sink}, and a
 * new migration adding the column (the existing ones are history and are never edited).
 */
public final class EventSchema {
  /** The Kafka header with the event's id (UTF-8) on every record of the events topic. */
  public static final String HEADER_EVENT_ID = "event-id";

  /** The suffix of a topic's dead-letter topic; see {@link #deadLetterTopic}. */
  public static final String DLQ_SUFFIX = ".dlq";

  /** Where the records of {@code topic} that are not events go: {@code <topic>.dlq}. */
  public static String deadLetterTopic(String topic) {
    return topic + DLQ_SUFFIX;
  }

  /** The column the database sink adds: the Kafka partition an event was read from. */
  public static final SqlColumn KAFKA_PARTITION =
      new SqlColumn("kafka_partition", INTEGER, NOT_NULL);

  /** The column the database sink adds: the Kafka offset an event was read from. */
  public static final SqlColumn KAFKA_OFFSET = new SqlColumn("kafka_offset", BIGINT, NOT_NULL);

  /**
   * Every column of the events table, in order: the fields', then the Kafka position. The bulk
   * loaders write their values in this order.
   */
  public static final List<SqlColumn> STORED_COLUMNS = storedColumns();

  /** {@link #STORED_COLUMNS}' names, comma-separated, for a statement that names its columns. */
  public static final String STORED_COLUMN_LIST =
      STORED_COLUMNS.stream().map(SqlColumn::name).collect(Collectors.joining(", "));

  private EventSchema() {}

  private static List<SqlColumn> storedColumns() {
    List<SqlColumn> columns = new ArrayList<>();
    for (Field f : Field.values()) {
      columns.add(f.sqlColumn());
    }
    columns.add(KAFKA_PARTITION);
    columns.add(KAFKA_OFFSET);
    return List.copyOf(columns);
  }

  /**
   * The fields of an event in the order of its JSON form. A field's JSON name and SQL column are
   * the same word today; {@link #json()} and {@link #column()} keep them apart for the day they are
   * not.
   */
  public enum Field {
    /** The event's id, the events table's primary key. */
    EVENT_ID("event_id", TEXT, NOT_NULL, null),
    INVOICE_NO("invoice_no", TEXT, NOT_NULL, Column.INVOICE_NO),
    STOCK_CODE("stock_code", TEXT, NOT_NULL, Column.STOCK_CODE),
    DESCRIPTION("description", TEXT, NULLABLE, Column.DESCRIPTION),
    QUANTITY("quantity", INTEGER, NOT_NULL, Column.QUANTITY),
    INVOICE_DATE("invoice_date", TIMESTAMPTZ, NOT_NULL, Column.INVOICE_DATE),
    UNIT_PRICE("unit_price", SqlType.numeric(12, 3), NOT_NULL, Column.UNIT_PRICE),
    CUSTOMER_ID("customer_id", TEXT, NULLABLE, Column.CUSTOMER_ID),
    COUNTRY("country", TEXT, NOT_NULL, Column.COUNTRY),
    SOURCE_FILE("source_file", TEXT, NOT_NULL, null),
    SOURCE_LINE("source_line", BIGINT, NOT_NULL, null);

    private final String json;
    private final SqlColumn column;
    private final Column csv;

    Field(String name, SqlType type, Nulls nulls, Column csv) {
      this.json = name;
      this.column = new SqlColumn(name, type, nulls);
      this.csv = csv;
    }

    /** The field's name in the JSON value of a Kafka record. */
    public String json() {
      return json;
    }

    /** The name of the field's column in the events table. */
    public String column() {
      return column.name();
    }

    /** The field's column in the events table. */
    public SqlColumn sqlColumn() {
      return column;
    }

    /** True when an event may lack the field (JSON null, SQL NULL). */
    public boolean nullable() {
      return column.nulls() == NULLABLE;
    }

    /** The CSV column the field is read from, or null when pep makes it (id, file and line). */
    public Column csv() {
      return csv;
    }
  }

  /** Whether a column may hold SQL NULL. */
  public enum Nulls {
    NOT_NULL,
    NULLABLE
  }

  /** A column of the events table. */
  public record SqlColumn(String name, SqlType type, Nulls nulls) {}

  /**
   * An SQL type in PostgreSQL's spelling (DuckDB's migration writes the same types its own way:
   * {@code VARCHAR}, {@code DECIMAL}).
   *
   * @param precision total digits of a numeric type, 0 for other types
   * @param scale digits after the decimal point of a numeric type, 0 for other types
   */
  public record SqlType(String name, int precision, int scale) {
    public static final SqlType TEXT = new SqlType("text", 0, 0);
    public static final SqlType INTEGER = new SqlType("integer", 0, 0);
    public static final SqlType BIGINT = new SqlType("bigint", 0, 0);
    public static final SqlType TIMESTAMPTZ = new SqlType("timestamp with time zone", 0, 0);

    /** An exact decimal type, {@code numeric(precision,scale)}. */
    public static SqlType numeric(int precision, int scale) {
      return new SqlType("numeric", precision, scale);
    }

    /** The type as written in SQL, e.g. {@code numeric(12,3)}. */
    @Override
    public String toString() {
      return precision == 0 ? name : name + "(" + precision + "," + scale + ")";
    }
  }
}
