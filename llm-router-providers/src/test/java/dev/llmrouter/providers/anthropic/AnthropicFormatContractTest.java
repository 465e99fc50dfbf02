package dev.llmrouter.providers.anthropic;

import dev.llmrouter.providers.ProviderContractTest;
import mockwebserver3.MockResponse;

/**
 * The shared provider contract with bodies in Anthropic's Messages format
 * (https://docs.anthropic.com/en/api/messages, https://docs.anthropic.com/en/docs/build-with-claude/streaming,
 * https://docs.anthropic.com/en/api/errors): for Anthropic's own API and for the platforms that serve Claude in
 * that format (Vertex AI's {@code rawPredict}).
 */
public abstract class AnthropicFormatContractTest extends ProviderContractTest {
  protected static MockResponse json(String body) {
    return new MockResponse.Builder().addHeader("Content-Type", "application/json")
        .addHeader("request-id", "req_011CSHoEeqs5C35K2UUqR7Fy").body(body).build();
  }

  protected static String event(String type, String data) {
    return "event: " + type + "\ndata: " + data + "\n\n";
  }

  protected static MockResponse sse(String... events) {
    return new MockResponse.Builder().addHeader("Content-Type", "text/event-stream; charset=utf-8")
        .addHeader("Cache-Control", "no-cache").body(String.join("", events)).build();
  }

  protected static String messageStart(String usage) {
    return event("message_start", "{\"type\":\"message_start\",\"message\":{\"id\":\"msg_01ABCstream\","
        + "\"type\":\"message\",\"role\":\"assistant\",\"model\":\"claude-sonnet-4-20250514\",\"content\":[],"
        + "\"stop_reason\":null,\"stop_sequence\":null,\"usage\":" + usage + "}}");
  }

  protected static String blockStart(int index, String block) {
    return event("content_block_start",
        "{\"type\":\"content_block_start\",\"index\":" + index + ",\"content_block\":" + block + "}");
  }

  protected static String delta(int index, String delta) {
    return event("content_block_delta",
        "{\"type\":\"content_block_delta\",\"index\":" + index + ",\"delta\":" + delta + "}");
  }

  protected static String blockStop(int index) {
    return event("content_block_stop", "{\"type\":\"content_block_stop\",\"index\":" + index + "}");
  }

  protected static String messageDelta(String stopReason, int outputTokens) {
    return event("message_delta", "{\"type\":\"message_delta\",\"delta\":{\"stop_reason\":\"" + stopReason
        + "\",\"stop_sequence\":null},\"usage\":{\"output_tokens\":" + outputTokens + "}}");
  }

  protected static final String PING = event("ping", "{\"type\": \"ping\"}");
  protected static final String MESSAGE_STOP = event("message_stop", "{\"type\":\"message_stop\"}");

  @Override
  protected MockResponse textResponse() {
    return json("""
        {"id":"msg_01XFDUDYJgAACzvnptvVoYEL","type":"message","role":"assistant",
         "model":"claude-sonnet-4-20250514",
         "content":[{"type":"text","text":"Hello there!"}],
         "stop_reason":"end_turn","stop_sequence":null,
         "usage":{"input_tokens":12,"cache_creation_input_tokens":0,"cache_read_input_tokens":0,
                  "output_tokens":4,"service_tier":"standard"}}
        """);
  }

  @Override
  protected MockResponse toolCallResponse() {
    return json("""
        {"id":"msg_01Aq9w938a90dw8q","type":"message","role":"assistant","model":"claude-sonnet-4-20250514",
         "content":[
           {"type":"text","text":"I'll check the weather in Paris."},
           {"type":"tool_use","id":"call_1","name":"get_weather","input":{"city":"Paris"}}],
         "stop_reason":"tool_use","stop_sequence":null,
         "usage":{"input_tokens":384,"output_tokens":57}}
        """);
  }

  @Override
  protected MockResponse streamedTextResponse() {
    return sse(
        messageStart("{\"input_tokens\":12,\"cache_creation_input_tokens\":0,\"cache_read_input_tokens\":0,"
            + "\"output_tokens\":1}"),
        blockStart(0, "{\"type\":\"text\",\"text\":\"\"}"),
        PING,
        delta(0, "{\"type\":\"text_delta\",\"text\":\"Hello\"}"),
        delta(0, "{\"type\":\"text_delta\",\"text\":\" there!\"}"),
        blockStop(0),
        messageDelta("end_turn", 4),
        MESSAGE_STOP);
  }

  @Override
  protected MockResponse streamedToolCallResponse() {
    return sse(
        messageStart("{\"input_tokens\":384,\"output_tokens\":1}"),
        blockStart(0, "{\"type\":\"tool_use\",\"id\":\"call_1\",\"name\":\"get_weather\",\"input\":{}}"),
        delta(0, "{\"type\":\"input_json_delta\",\"partial_json\":\"\"}"),
        delta(0, "{\"type\":\"input_json_delta\",\"partial_json\":\"{\\\"city\\\": \"}"),
        delta(0, "{\"type\":\"input_json_delta\",\"partial_json\":\"\\\"Paris\\\"}\"}"),
        blockStop(0),
        messageDelta("tool_use", 40),
        MESSAGE_STOP);
  }

  @Override
  protected MockResponse.Builder errorResponse(int status, String message) {
    String type = AnthropicErrorsTypes.forStatus(status);
    return new MockResponse.Builder().code(status).addHeader("Content-Type", "application/json")
        .body("{\"type\":\"error\",\"error\":{\"type\":\"" + type + "\",\"message\":\"" + message + "\"}}");
  }

  @Override
  protected String streamTextChunk(String text) {
    return delta(0, "{\"type\":\"text_delta\",\"text\":\"" + text + "\"}");
  }

  /** The error types Anthropic sends with each status. */
  private static final class AnthropicErrorsTypes {
    static String forStatus(int status) {
      return switch (status) {
        case 400 -> "invalid_request_error";
        case 401 -> "authentication_error";
        case 403 -> "permission_error";
        case 404 -> "not_found_error";
        case 413 -> "request_too_large";
        case 429 -> "rate_limit_error";
        case 529 -> "overloaded_error";
        default -> "api_error";
      };
    }
  }

}
