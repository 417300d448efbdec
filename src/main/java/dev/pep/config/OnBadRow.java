package dev.pep.config;

/** What a run does with a row that is not a valid event. */
public enum OnBadRow {
  /** Write it to the rejects file with the reason, count it, and go on (the default). */
  REJECT,
  /** Stop at the first bad row; the run fails (exit 1). */
  FAIL;

  public String label() {
    return name().toLowerCase(java.util.Locale.ROOT);
  }
}
