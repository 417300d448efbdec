-- Events, one row per event id, and the consumer's offsets, written in the same transaction.
CREATE TABLE IF NOT EXISTS ${events} (
  event_id        text          PRIMARY KEY,
  invoice_no      text          NOT NULL,
  stock_code      text          NOT NULL,
  description     text,
  quantity        integer       NOT NULL,
  invoice_date    timestamptz   NOT NULL,
  unit_price      numeric(12,3) NOT NULL,
  customer_id     text,
  country         text          NOT NULL,
  source_file     text          NOT NULL,
  source_line     bigint        NOT NULL,
  kafka_partition integer       NOT NULL,
  kafka_offset    bigint        NOT NULL
);
CREATE TABLE IF NOT EXISTS ${offsets} (
  consumer_group  text        NOT NULL,
  topic           text        NOT NULL,
  kafka_partition integer     NOT NULL,
  next_offset     bigint      NOT NULL,
  updated_at      timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (consumer_group, topic, kafka_partition)
);
