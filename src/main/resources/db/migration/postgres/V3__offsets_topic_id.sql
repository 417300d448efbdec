-- The Kafka topic id (a UUID, as text) the offset was read from: a topic deleted and created again
-- under the same name has another id, and its offsets mean nothing for the new one. Rows stored
-- before this migration have none (NULL); the consumer's next write stamps the topic's id.
ALTER TABLE ${offsets} ADD COLUMN IF NOT EXISTS topic_id text;
