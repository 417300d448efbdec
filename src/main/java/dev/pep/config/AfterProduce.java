package dev.pep.config;

/** What {@code pep watch} does with a file once its last transaction has committed. */
public enum AfterProduce {
  /** Move it to {@code finished/} in the watched directory (the default). */
  MOVE,
  /** Delete it. */
  DELETE,
  /** Leave it where it is; its checkpoint says it was produced, so it is not sent again. */
  KEEP;

  public String label() {
    return name().toLowerCase(java.util.Locale.ROOT);
  }
}
