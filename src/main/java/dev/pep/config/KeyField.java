package dev.pep.config;

/** Which field of an event becomes the Kafka record key (and so decides its partition). */
public enum KeyField {
  INVOICE_NO,
  STOCK_CODE,
  CUSTOMER_ID,
  /** No key: records are spread by the producer's partitioner. */
  NONE;

  public String label() {
    return name().toLowerCase(java.util.Locale.ROOT);
  }
}
