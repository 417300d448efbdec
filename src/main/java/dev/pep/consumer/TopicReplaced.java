package dev.pep.consumer;

/**
 * A partition whose stored offset was read from another topic of the same name: the topic was
 * deleted and created again since. The consumer reads the partition from its beginning (the rows
 * already stored stay; events stored before are skipped as duplicates by their id).
 *
 * @param storedOffset the next offset the sink held, an offset of the deleted topic
 * @param storedTopicId the id of the topic that offset was read from
 * @param topicId the id of the topic under that name now
 * @param endOffset the partition's end offset in the topic now
 */
public record TopicReplaced(
    String topic,
    int partition,
    long storedOffset,
    String storedTopicId,
    String topicId,
    long endOffset) {}
