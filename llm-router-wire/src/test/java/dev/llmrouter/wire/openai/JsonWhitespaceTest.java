package dev.llmrouter.wire.openai;

import dev.llmrouter.wire.JsonIo;
import dev.llmrouter.wire.BadRequestException;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/**
 * Long whitespace runs are squeezed before Moshi sees them (its look-ahead made them quadratic: 4 MB of spaces cost
 * 0.8 s of CPU). What the parser is left with, not a stopwatch, shows the work is linear.
 */
class JsonWhitespaceTest {
  private static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  @Test
  void aRunOutsideStringsKeepsOnlyItsFirstCharacterAndStringsAreUntouched() {
    byte[] in = utf8("  {\n\t\"a\" :   \"x   y\\\"  z\" ,\r\n \"b\":[1 ,  2]   }   ");
    assertThat(new String(JsonIo.squeezeWhitespace(in), StandardCharsets.UTF_8))
        .isEqualTo(" {\n\"a\" : \"x   y\\\"  z\" ,\r\"b\":[1 , 2] } ");
  }

  @Test
  void aBodyWithoutRunsIsReturnedAsItIs() {
    byte[] in = utf8("{\"a\": [1, 2], \"b\": \"  \"}");
    assertThat(JsonIo.squeezeWhitespace(in)).isSameAs(in);
  }

  @Test
  void megabytesOfWhitespaceLeaveTheParserASingleSpace() {
    String valid = "{\"model\":\"m\",\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}]";
    byte[] before = utf8(" ".repeat(4 << 20) + valid + "}");
    byte[] inside = utf8(valid + "\n".repeat(4 << 20) + "}");
    assertThat(JsonIo.squeezeWhitespace(before)).hasSize(valid.length() + 2);
    assertThat(JsonIo.squeezeWhitespace(inside)).hasSize(valid.length() + 2);
    assertThat(ChatCompletionDecoder.decode(before).request().model()).isEqualTo("m");
    assertThat(ChatCompletionDecoder.decode(inside).request().model()).isEqualTo("m");
  }

  @Test
  void squeezingNeverJoinsTokens() {
    assertThatThrownBy(() -> JsonIo.parse(utf8("[1    2]"))).isInstanceOf(BadRequestException.class);
  }
}
