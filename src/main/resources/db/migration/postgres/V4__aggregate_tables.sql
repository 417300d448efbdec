-- The aggregates of pep aggregate (--tables, run --aggregate): one row per key of each compacted
-- output topic <topic>.agg.*, its last value, upserted by key in the same transaction as the
-- topic's offset (in ${offsets}). The window is in the key: a calendar day, or a month as its first
-- day, of the invoice date in the zone the events carry. Amounts are exact sums of
-- quantity * unit_price.
CREATE TABLE IF NOT EXISTS ${events}_agg_country_day (
  country         text NOT NULL,
  day             DATE          NOT NULL,
  revenue         numeric(18,3) NOT NULL,
  quantity        BIGINT        NOT NULL,
  lines           BIGINT        NOT NULL,
  invoices        BIGINT        NOT NULL,
  kafka_partition INTEGER       NOT NULL,
  kafka_offset    BIGINT        NOT NULL,
  updated_at      TIMESTAMPTZ   NOT NULL DEFAULT now(),
  PRIMARY KEY (country, day)
);
CREATE TABLE IF NOT EXISTS ${events}_agg_product_month (
  stock_code      text NOT NULL,
  month           DATE          NOT NULL,
  description     text,
  revenue         numeric(18,3) NOT NULL,
  quantity        BIGINT        NOT NULL,
  lines           BIGINT        NOT NULL,
  kafka_partition INTEGER       NOT NULL,
  kafka_offset    BIGINT        NOT NULL,
  updated_at      TIMESTAMPTZ   NOT NULL DEFAULT now(),
  PRIMARY KEY (stock_code, month)
);
CREATE TABLE IF NOT EXISTS ${events}_agg_returns_country_month (
  country         text NOT NULL,
  month           DATE          NOT NULL,
  lines           BIGINT        NOT NULL,
  invoices        BIGINT        NOT NULL,
  quantity        BIGINT        NOT NULL,
  value           numeric(18,3) NOT NULL,
  kafka_partition INTEGER       NOT NULL,
  kafka_offset    BIGINT        NOT NULL,
  updated_at      TIMESTAMPTZ   NOT NULL DEFAULT now(),
  PRIMARY KEY (country, month)
);
