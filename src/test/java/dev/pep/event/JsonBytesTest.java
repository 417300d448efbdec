package dev.pep.event;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class JsonBytesTest {
  private static final ObjectMapper JACKSON = new ObjectMapper();

  @ParameterizedTest
  @ValueSource(
      strings = {
        "",
        "plain",
        "a question? mark",
        "L-stroke \u0141 and A-macron \u0100 (low bytes 'A' and NUL)",
        "quote \" and backslash \\",
        "new\nline, tab\t, cr\r, bell\u0007, nul\u0000, unit\u001f",
        "pound \u00a3, e-acute \u00e9",
        "euro \u20ac, snowman \u2603",
        "emoji \ud83d\ude00 outside the BMP",
        "</script> and \u2028 line separator"
      })
  void jacksonReadsBackExactlyTheStringWritten(String s) throws IOException {
    JsonBytes out = new JsonBytes();
    out.string(s);

    assertThat(JACKSON.readValue(out.toByteArray(), String.class)).isEqualTo(s);
  }

  @ParameterizedTest
  @ValueSource(
      longs = {
        0,
        7,
        -7,
        10,
        -10,
        99,
        541_909,
        -80_995,
        Integer.MAX_VALUE,
        Integer.MIN_VALUE,
        Long.MAX_VALUE,
        Long.MIN_VALUE,
        Long.MIN_VALUE + 1
      })
  void writesNumbersAsLongToStringDoes(long v) {
    JsonBytes out = new JsonBytes();
    out.raw(new byte[] {'['});
    out.number(v);
    out.raw(new byte[] {']'});

    assertThat(new String(out.toByteArray(), StandardCharsets.US_ASCII)).isEqualTo("[" + v + "]");
  }

  @Test
  void writesTheSameBytesAsJacksonForOrdinaryText() throws IOException {
    String s = "WHITE HANGING HEART T-LIGHT HOLDER \"£\" \\ \n";
    JsonBytes out = new JsonBytes();
    out.string(s);

    assertThat(new String(out.toByteArray(), StandardCharsets.UTF_8))
        .isEqualTo(JACKSON.writeValueAsString(s));
  }

  @Test
  void aLoneSurrogateBecomesAnEscapeInsteadOfInvalidUtf8() {
    JsonBytes out = new JsonBytes();
    out.string("a\ud800b");

    assertThat(new String(out.toByteArray(), StandardCharsets.UTF_8)).isEqualTo("\"a\\ud800b\"");
  }

  @Test
  void nullIsTheJsonLiteralAndTheBufferGrows() {
    JsonBytes out = new JsonBytes();
    out.string(null);
    out.raw(new byte[] {','});
    out.string("x".repeat(2000));

    byte[] bytes = out.toByteArray();
    assertThat(bytes).hasSize(4 + 1 + 2002);
    assertThat(new String(bytes, 0, 5, StandardCharsets.US_ASCII)).isEqualTo("null,");
    out.reset();
    assertThat(out.toByteArray()).isEmpty();
  }
}
