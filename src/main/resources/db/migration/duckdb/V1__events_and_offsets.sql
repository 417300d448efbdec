-- Events, one row per event id, and the consumer's offsets, written in the same transaction.
CREATE TABLE IF NOT EXISTS ${events} (
  event_id        VARCHAR       PRIMARY KEY,
  invoice_no      VARCHAR       NOT NULL,
  stock_code      VARCHAR       NOT NULL,
  description     VARCHAR,
  quantity        INTEGER       NOT NULL,
  invoice_date    TIMESTAMPTZ   NOT NULL,
  unit_price      DECIMAL(12,3) NOT NULL,
  customer_id     VARCHAR,
  country         VARCHAR       NOT NULL,
  source_file     VARCHAR       NOT NULL,
  source_line     BIGINT        NOT NULL,
  kafka_partition INTEGER       NOT NULL,
  kafka_offset    BIGINT        NOT NULL
);
CREATE TABLE IF NOT EXISTS ${offsets} (
  consumer_group  VARCHAR     NOT NULL,
  topic           VARCHAR     NOT NULL,
  kafka_partition INTEGER     NOT NULL,
  next_offset     BIGINT      NOT NULL,
  updated_at      TIMESTAMPTZ NOT NULL DEFAULT now(),
  PRIMARY KEY (consumer_group, topic, kafka_partition)
);
