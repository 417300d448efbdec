package dev.pep.event;

import java.util.List;

/**
 * A row that could not become an event, and why. Immutable.
 *
 * @param kind what is wrong, for counting rejects by reason
 * @param column the offending column's header name, or null when the row as a whole is wrong
 * @param value the raw offending value (or the whole line for row-level problems)
 * @param reason what was expected, e.g. "is not a decimal number"
 * @param fields the row's fields as read, so the rejects file can be fixed and fed back
 */
public record Reject(
    Kind kind,
    SourcePosition position,
    String column,
    String value,
    String reason,
    List<String> fields) {

  /** What is wrong with a row. */
  public enum Kind {
    FIELD_COUNT("wrong field count"),
    EMPTY_LINE("empty line"),
    TRUNCATED_LAST_LINE("truncated last line"),
    UNTERMINATED_QUOTE("unterminated quote"),
    /** A value in one column: see {@link Reject#reasonKey()}. */
    BAD_VALUE("bad value");

    private final String label;

    Kind(String label) {
      this.label = label;
    }

    public String label() {
      return label;
    }
  }

  public Reject {
    fields = List.copyOf(fields);
  }

  /** A reject of one column's value. */
  public Reject(
      SourcePosition position, String column, String value, String reason, List<String> fields) {
    this(Kind.BAD_VALUE, position, column, value, reason, fields);
  }

  /**
   * The reason without the row's own details, for counting rejects by reason: the kind, or for a
   * bad value the column and what was expected, e.g. {@code UnitPrice is not a decimal number}.
   */
  public String reasonKey() {
    return kind == Kind.BAD_VALUE ? column + " " + reason : kind.label();
  }

  /**
   * The one-line message a person reads, e.g. {@code Online Retail.csv line 42, column UnitPrice:
   * '1,2x' is not a decimal number}.
   */
  public String message() {
    StringBuilder sb = new StringBuilder(position.toString());
    if (column != null) {
      sb.append(", column ").append(column);
    }
    sb.append(": ");
    if (value != null) {
      sb.append('\'').append(value).append("' ");
    }
    return sb.append(reason).toString();
  }

  @Override
  public String toString() {
    return message();
  }
}
