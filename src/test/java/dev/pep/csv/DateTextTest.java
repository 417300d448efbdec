package dev.pep.csv;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class DateTextTest {
  private final int[] n = new int[DateText.SLOTS];

  private String lex(String text) {
    int kind = DateText.lex(text, n);
    return switch (kind) {
      case DateText.SLASH -> "slash " + numbers();
      case DateText.ISO -> "iso " + numbers();
      default -> "none";
    };
  }

  private String numbers() {
    return n[0]
        + " "
        + n[1]
        + " "
        + n[2]
        + " "
        + n[3]
        + ":"
        + n[4]
        + ":"
        + n[5]
        + " y"
        + n[DateText.YEAR_DIGITS]
        + (n[DateText.HAS_SECONDS] == 1 ? " s" : "");
  }

  @Test
  void readsTheShapesOfTheKnownExports() {
    assertThat(lex("12/1/2010 8:26")).isEqualTo("slash 12 1 2010 8:26:0 y4");
    assertThat(lex("01/12/2010 08:26")).isEqualTo("slash 1 12 2010 8:26:0 y4");
    assertThat(lex("2/20/11 11:39")).isEqualTo("slash 2 20 11 11:39:0 y2");
    assertThat(lex("2010-12-01 08:26:00")).isEqualTo("iso 2010 12 1 8:26:0 y4 s");
    assertThat(lex("2010-12-01T08:26")).isEqualTo("iso 2010 12 1 8:26:0 y4");
    assertThat(lex("12/1/2010 8:26:59")).isEqualTo("slash 12 1 2010 8:26:59 y4 s");
  }

  @Test
  void anythingElseIsNone() {
    for (String s :
        new String[] {
          "",
          "NA",
          "12/1/2010",
          "12/1/2010 8",
          "12/1/2010 8:2",
          "12/1/201 8:26",
          "123/1/2010 8:26",
          "12-1-2010 8:26",
          "2010-1-01 08:26",
          "2010-12-01 08:26:0",
          "12/1/2010 8:26 ",
          "12/1/2010T8:26",
          "12/1/20100 8:26"
        }) {
      assertThat(lex(s)).as("'" + s + "'").isEqualTo("none");
    }
  }
}
