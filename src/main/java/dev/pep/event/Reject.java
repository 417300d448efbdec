package dev.pep.event;

import java.util.List;

/**
 * A row that could not become an event, and why. Immutable.
 *
 * @param column the offending column's header name, or null when the row as a whole is wrong
 * @param value the raw offending value (or the whole line for row-level problems)
 * @param reason what was expected, e.g. "is not a decimal number"
 * @param fields the row's fields as read, so the rejects file can be fixed and fed back
 */
public record Reject(
    SourcePosition position, String column, String value, String reason, List<String> fields) {

  public Reject {
    fields = List.copyOf(fields);
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
