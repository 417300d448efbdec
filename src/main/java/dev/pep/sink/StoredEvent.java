package dev.pep.sink;

import dev.pep.event.PurchaseEvent;

/** An event with the Kafka position it was read from. */
public record StoredEvent(PurchaseEvent event, int partition, long offset) {}
