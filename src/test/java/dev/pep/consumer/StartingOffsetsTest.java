package dev.pep.consumer;

import static dev.pep.consumer.StartingOffsets.Verdict.BEYOND_END;
import static dev.pep.consumer.StartingOffsets.Verdict.FROM_BEGINNING;
import static dev.pep.consumer.StartingOffsets.Verdict.RESUME;
import static dev.pep.consumer.StartingOffsets.Verdict.TOPIC_REPLACED;
import static org.assertj.core.api.Assertions.assertThat;

import dev.pep.sink.Sink.StoredOffset;
import org.junit.jupiter.api.Test;

class StartingOffsetsTest {
  @Test
  void nothingStoredStartsAtTheBeginning() {
    assertThat(StartingOffsets.verdict(null, "A", 10)).isEqualTo(FROM_BEGINNING);
    assertThat(StartingOffsets.verdict(null, null, 0)).isEqualTo(FROM_BEGINNING);
  }

  @Test
  void anOffsetOfThisTopicWithinItResumes() {
    assertThat(StartingOffsets.verdict(new StoredOffset(10, "A"), "A", 10)).isEqualTo(RESUME);
    assertThat(StartingOffsets.verdict(new StoredOffset(3, "A"), "A", 10)).isEqualTo(RESUME);
  }

  @Test
  void anOffsetOfAnotherTopicIdIsOfADeletedTopicWhereverItLies() {
    assertThat(StartingOffsets.verdict(new StoredOffset(3, "A"), "B", 10))
        .isEqualTo(TOPIC_REPLACED);
    assertThat(StartingOffsets.verdict(new StoredOffset(30, "A"), "B", 10))
        .isEqualTo(TOPIC_REPLACED);
    assertThat(StartingOffsets.verdict(new StoredOffset(10, "A"), "B", 10))
        .isEqualTo(TOPIC_REPLACED);
  }

  @Test
  void anOffsetBeyondTheEndOfTheSameTopicStops() {
    assertThat(StartingOffsets.verdict(new StoredOffset(11, "A"), "A", 10)).isEqualTo(BEYOND_END);
  }

  @Test
  void anOffsetStoredWithoutAnIdIsTakenForThisTopicButNotBeyondItsEnd() {
    assertThat(StartingOffsets.verdict(new StoredOffset(10, null), "A", 10)).isEqualTo(RESUME);
    assertThat(StartingOffsets.verdict(new StoredOffset(11, null), "A", 10)).isEqualTo(BEYOND_END);
  }

  @Test
  void anUnknownTopicIdChecksOnlyTheEnd() {
    assertThat(StartingOffsets.verdict(new StoredOffset(5, "A"), null, 10)).isEqualTo(RESUME);
    assertThat(StartingOffsets.verdict(new StoredOffset(15, "A"), null, 10)).isEqualTo(BEYOND_END);
  }
}
