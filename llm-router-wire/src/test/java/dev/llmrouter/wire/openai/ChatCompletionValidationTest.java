package dev.llmrouter.wire.openai;

import dev.llmrouter.wire.HttpError;
import dev.llmrouter.wire.BadRequestException;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Every rejected field is named, by its full path, in both the message and {@code param}. */
class ChatCompletionValidationTest {
  private static final String USER = "{\"role\":\"user\",\"content\":\"hi\"}";

  /** A valid request with {@code fields} added at the top level. */
  private static String with(String fields) {
    return "{\"model\":\"m\",\"messages\":[" + USER + "]," + fields + "}";
  }

  /** A request whose only message is {@code message}. */
  private static String message(String message) {
    return "{\"model\":\"m\",\"messages\":[" + USER + "," + message + "]}";
  }

  static Stream<Arguments> invalidBodies() {
    return Stream.of(
        Arguments.of("{\"messages\":[" + USER + "]}", "model", "'model' is required"),
        Arguments.of("{\"model\":7,\"messages\":[" + USER + "]}", "model", "'model' must be a string, got number 7"),
        Arguments.of("{\"model\":\"m\"}", "messages", "'messages' is required"),
        Arguments.of("{\"model\":\"m\",\"messages\":[]}", "messages", "'messages' must contain at least one message"),
        Arguments.of("{\"model\":\"m\",\"messages\":\"hi\"}", "messages",
            "'messages' must be an array, got string \"hi\""),
        Arguments.of("{\"model\":\"m\",\"messages\":[" + USER + ",\"hi\"]}", "messages[1]",
            "'messages[1]' must be an object, got string \"hi\""),
        Arguments.of(message("{\"role\":\"function\",\"content\":\"x\"}"), "messages[1].role",
            "'messages[1].role' must be one of system, developer, user, assistant, tool, got string \"function\""),
        Arguments.of(message("{\"content\":\"x\"}"), "messages[1].role", "'messages[1].role' is required"),
        Arguments.of(message("{\"role\":\"user\"}"), "messages[1].content", "'messages[1].content' is required"),
        Arguments.of(message("{\"role\":\"user\",\"content\":5}"), "messages[1].content",
            "'messages[1].content' must be a string or an array of content parts, got number 5"),
        Arguments.of(message("{\"role\":\"user\",\"content\":[{\"type\":\"input_audio\"}]}"),
            "messages[1].content[0].type",
            "'messages[1].content[0].type' must be one of text, image_url, got string \"input_audio\""),
        Arguments.of(message("{\"role\":\"user\",\"content\":[{\"type\":\"text\"}]}"),
            "messages[1].content[0].text", "'messages[1].content[0].text' is required"),
        Arguments.of(message("{\"role\":\"user\",\"content\":[{\"type\":\"image_url\",\"image_url\":"
            + "{\"url\":\"data:image/png,abc\"}}]}"), "messages[1].content[0].image_url.url",
            "'messages[1].content[0].image_url.url' must be an http(s) URL or a data URL of the form "
                + "data:<media type>;base64,<data>"),
        Arguments.of(message("{\"role\":\"user\",\"content\":\"x\",\"name\":false}"), "messages[1].name",
            "'messages[1].name' must be a string, got boolean false"),
        Arguments.of(message("{\"role\":\"assistant\"}"), "messages[1].content",
            "'messages[1].content' is required unless 'tool_calls' is given"),
        Arguments.of(message("{\"role\":\"assistant\",\"tool_calls\":[{\"type\":\"function\","
            + "\"function\":{\"name\":\"f\"}}]}"), "messages[1].tool_calls[0].id",
            "'messages[1].tool_calls[0].id' is required"),
        Arguments.of(message("{\"role\":\"assistant\",\"tool_calls\":[{\"id\":\"c\",\"function\":"
            + "{\"name\":\"f\",\"arguments\":{\"a\":1}}}]}"), "messages[1].tool_calls[0].function.arguments",
            "'messages[1].tool_calls[0].function.arguments' must be a string, got object"),
        Arguments.of(message("{\"role\":\"tool\",\"content\":\"x\"}"), "messages[1].tool_call_id",
            "'messages[1].tool_call_id' is required"),
        Arguments.of(with("\"temperature\":\"hot\""), "temperature",
            "'temperature' must be a number, got string \"hot\""),
        Arguments.of(with("\"temperature\":2.5"), "temperature", "'temperature' must be between 0 and 2, got 2.5"),
        Arguments.of(with("\"top_p\":-0.1"), "top_p", "'top_p' must be between 0 and 1, got -0.1"),
        Arguments.of(with("\"max_tokens\":0"), "max_tokens", "'max_tokens' must be a positive integer, got 0"),
        Arguments.of(with("\"max_completion_tokens\":1.5"), "max_completion_tokens",
            "'max_completion_tokens' must be an integer, got number 1.5"),
        Arguments.of(with("\"stop\":[\"a\",3]"), "stop[1]", "'stop[1]' must be a string, got number 3"),
        Arguments.of(with("\"stop\":true"), "stop", "'stop' must be a string or an array of strings, got boolean true"),
        Arguments.of(with("\"seed\":\"x\""), "seed", "'seed' must be an integer, got string \"x\""),
        Arguments.of(with("\"n\":2"), "n", "'n' must be 1 (only one choice per request is supported), got 2"),
        Arguments.of(with("\"stream\":\"yes\""), "stream", "'stream' must be a boolean, got string \"yes\""),
        Arguments.of(with("\"stream\":true,\"stream_options\":{\"include_usage\":1}"),
            "stream_options.include_usage", "'stream_options.include_usage' must be a boolean, got number 1"),
        Arguments.of(with("\"parallel_tool_calls\":\"no\""), "parallel_tool_calls",
            "'parallel_tool_calls' must be a boolean, got string \"no\""),
        Arguments.of(with("\"user\":42"), "user", "'user' must be a string, got number 42"),
        Arguments.of(with("\"reasoning_effort\":1"), "reasoning_effort",
            "'reasoning_effort' must be a string, got number 1"),
        Arguments.of(with("\"metadata\":{\"k\":1}"), "metadata.k", "'metadata.k' must be a string, got number 1"),
        Arguments.of(with("\"metadata\":[]"), "metadata", "'metadata' must be an object, got array"),
        Arguments.of(with("\"tools\":{}"), "tools", "'tools' must be an array, got object"),
        Arguments.of(with("\"tools\":[{\"type\":\"custom\",\"custom\":{}}]"), "tools[0].type",
            "'tools[0].type' must be \"function\", got string \"custom\""),
        Arguments.of(with("\"tools\":[{\"type\":\"function\",\"function\":{\"description\":\"d\"}}]"),
            "tools[0].function.name", "'tools[0].function.name' is required"),
        Arguments.of(with("\"tools\":[{\"type\":\"function\",\"function\":{\"name\":\"f\",\"parameters\":\"{}\"}}]"),
            "tools[0].function.parameters", "'tools[0].function.parameters' must be an object, got string \"{}\""),
        Arguments.of(with("\"tool_choice\":\"any\""), "tool_choice",
            "'tool_choice' must be one of auto, none, required or an object naming a function, got string \"any\""),
        Arguments.of(with("\"tool_choice\":{\"type\":\"function\",\"function\":{}}"), "tool_choice.function.name",
            "'tool_choice.function.name' is required"),
        Arguments.of(with("\"response_format\":{\"type\":\"yaml\"}"), "response_format.type",
            "'response_format.type' must be one of text, json_object, json_schema, got string \"yaml\""),
        Arguments.of(with("\"response_format\":{\"type\":\"json_schema\",\"json_schema\":{\"schema\":{}}}"),
            "response_format.json_schema.name", "'response_format.json_schema.name' is required"));
  }

  @ParameterizedTest(name = "{1}")
  @MethodSource("invalidBodies")
  void invalidFieldIsNamed(String body, String param, String message) {
    BadRequestException e = catchThrowableOfType(BadRequestException.class,
        () -> ChatCompletionDecoder.decode(body));

    assertThat(e).as("expected a BadRequestException").isNotNull();
    assertThat(e.param()).isEqualTo(param);
    assertThat(e.getMessage()).isEqualTo(message);
  }

  @ParameterizedTest
  @MethodSource("invalidBodies")
  void errorsMapTo400WithTheParam(String body, String param, String message) {
    assertThatThrownBy(() -> ChatCompletionDecoder.decode(body)).satisfies(e -> {
      HttpError error = ErrorEncoder.encode(e);
      assertThat(error.status()).isEqualTo(400);
      assertThat(error.json()).contains("\"param\":\"" + param + "\"");
    });
  }
}
