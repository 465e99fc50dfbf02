package dev.llmrouter.server;

import dev.llmrouter.wire.JsonIo;
import java.util.ArrayList;
import java.util.List;
import mockwebserver3.MockResponse;

/**
 * Upstream answers in each provider's real wire format, as their API references document them: Anthropic's Messages
 * responses and event streams, OpenAI's chat completions and chunk streams.
 */
final class UpstreamBodies {
  private UpstreamBodies() {}

  // ---- Anthropic

  static MockResponse anthropicText(String text) {
    return json("""
        {"id":"msg_01XFDUDYJgAACzvnptvVoYEL","type":"message","role":"assistant","model":"claude-sonnet-4-5-20250929",
         "content":[{"type":"text","text":%s}],"stop_reason":"end_turn","stop_sequence":null,
         "usage":{"input_tokens":12,"cache_creation_input_tokens":0,"cache_read_input_tokens":0,"output_tokens":6}}
        """.formatted(quote(text)));
  }

  static MockResponse anthropicToolUse(String id, String name, String inputJson) {
    return json("""
        {"id":"msg_01Aq9w938a90dw8q","type":"message","role":"assistant","model":"claude-sonnet-4-5-20250929",
         "content":[{"type":"text","text":"I'll check."},
                    {"type":"tool_use","id":%s,"name":%s,"input":%s}],
         "stop_reason":"tool_use","stop_sequence":null,
         "usage":{"input_tokens":40,"cache_creation_input_tokens":0,"cache_read_input_tokens":0,"output_tokens":20}}
        """.formatted(quote(id), quote(name), inputJson));
  }

  /** The events of a streamed text answer, {@code pieces} as its text deltas. */
  static List<String> anthropicTextEvents(String... pieces) {
    List<String> events = new ArrayList<>();
    events.add(event("message_start", """
        {"type":"message_start","message":{"id":"msg_01stream","type":"message","role":"assistant","content":[],
         "model":"claude-sonnet-4-5-20250929","stop_reason":null,"stop_sequence":null,
         "usage":{"input_tokens":25,"cache_creation_input_tokens":0,"cache_read_input_tokens":100,"output_tokens":1}}}"""));
    events.add(event("content_block_start",
        "{\"type\":\"content_block_start\",\"index\":0,\"content_block\":{\"type\":\"text\",\"text\":\"\"}}"));
    events.add(event("ping", "{\"type\": \"ping\"}"));
    for (String piece : pieces) {
      events.add(event("content_block_delta", "{\"type\":\"content_block_delta\",\"index\":0,"
          + "\"delta\":{\"type\":\"text_delta\",\"text\":" + quote(piece) + "}}"));
    }
    events.add(event("content_block_stop", "{\"type\":\"content_block_stop\",\"index\":0}"));
    events.add(event("message_delta", "{\"type\":\"message_delta\",\"delta\":{\"stop_reason\":\"end_turn\","
        + "\"stop_sequence\":null},\"usage\":{\"output_tokens\":15}}"));
    events.add(event("message_stop", "{\"type\":\"message_stop\"}"));
    return events;
  }

  static MockResponse anthropicStream(List<String> events) {
    return new MockResponse.Builder().code(200).addHeader("content-type", "text/event-stream")
        .body(String.join("", events)).build();
  }

  /** A streamed tool call, its input split in pieces as Anthropic sends them. */
  static MockResponse anthropicToolUseStream(String id, String name, String... inputPieces) {
    List<String> events = new ArrayList<>();
    events.add(event("message_start", """
        {"type":"message_start","message":{"id":"msg_01tool","type":"message","role":"assistant","content":[],
         "model":"claude-sonnet-4-5-20250929","stop_reason":null,"stop_sequence":null,
         "usage":{"input_tokens":40,"cache_creation_input_tokens":0,"cache_read_input_tokens":0,"output_tokens":1}}}"""));
    events.add(event("content_block_start", "{\"type\":\"content_block_start\",\"index\":0,\"content_block\":"
        + "{\"type\":\"tool_use\",\"id\":" + quote(id) + ",\"name\":" + quote(name) + ",\"input\":{}}}"));
    for (String piece : inputPieces) {
      events.add(event("content_block_delta", "{\"type\":\"content_block_delta\",\"index\":0,"
          + "\"delta\":{\"type\":\"input_json_delta\",\"partial_json\":" + quote(piece) + "}}"));
    }
    events.add(event("content_block_stop", "{\"type\":\"content_block_stop\",\"index\":0}"));
    events.add(event("message_delta", "{\"type\":\"message_delta\",\"delta\":{\"stop_reason\":\"tool_use\","
        + "\"stop_sequence\":null},\"usage\":{\"output_tokens\":30}}"));
    events.add(event("message_stop", "{\"type\":\"message_stop\"}"));
    return anthropicStream(events);
  }

  static MockResponse anthropicError(int status, String type, String message) {
    return new MockResponse.Builder().code(status).addHeader("content-type", "application/json")
        .body("{\"type\":\"error\",\"error\":{\"type\":\"" + type + "\",\"message\":" + quote(message) + "}}").build();
  }

  static String event(String name, String data) {
    return "event: " + name + "\ndata: " + data.replace("\n", "") + "\n\n";
  }

  // ---- OpenAI

  static MockResponse openAiText(String text) {
    return json("""
        {"id":"chatcmpl-B9MBs8CjcvOU2jLn4n570S5qMJKcT","object":"chat.completion","created":1741569952,
         "model":"gpt-4o-mini-2024-07-18","choices":[{"index":0,"message":{"role":"assistant","content":%s,
         "refusal":null},"logprobs":null,"finish_reason":"stop"}],
         "usage":{"prompt_tokens":19,"completion_tokens":10,"total_tokens":29,
          "prompt_tokens_details":{"cached_tokens":0},"completion_tokens_details":{"reasoning_tokens":0}}}
        """.formatted(quote(text)));
  }

  static MockResponse openAiToolCall(String id, String name, String argumentsJson) {
    return json("""
        {"id":"chatcmpl-tool","object":"chat.completion","created":1741569952,"model":"gpt-4o-mini-2024-07-18",
         "choices":[{"index":0,"message":{"role":"assistant","content":null,"tool_calls":[
           {"id":%s,"type":"function","function":{"name":%s,"arguments":%s}}]},"logprobs":null,
          "finish_reason":"tool_calls"}],
         "usage":{"prompt_tokens":82,"completion_tokens":17,"total_tokens":99}}
        """.formatted(quote(id), quote(name), quote(argumentsJson)));
  }

  /** The chunks of a streamed text answer, {@code pieces} as its deltas, with usage (stream_options). */
  static List<String> openAiTextChunks(String... pieces) {
    List<String> chunks = new ArrayList<>();
    chunks.add(chunk("{\"role\":\"assistant\",\"content\":\"\"}", null));
    for (String piece : pieces) {
      chunks.add(chunk("{\"content\":" + quote(piece) + "}", null));
    }
    chunks.add(chunk("{}", "\"stop\""));
    chunks.add(usage(19, 10));
    chunks.add("data: [DONE]\n\n");
    return chunks;
  }

  static MockResponse openAiStream(List<String> chunks) {
    return new MockResponse.Builder().code(200).addHeader("content-type", "text/event-stream")
        .body(String.join("", chunks)).build();
  }

  /** A streamed tool call whose arguments come in pieces, the first fragment carrying id and name. */
  static MockResponse openAiToolCallStream(String id, String name, String... argumentPieces) {
    List<String> chunks = new ArrayList<>();
    chunks.add(chunk("{\"role\":\"assistant\",\"content\":null,\"tool_calls\":[{\"index\":0,\"id\":" + quote(id)
        + ",\"type\":\"function\",\"function\":{\"name\":" + quote(name) + ",\"arguments\":\"\"}}]}", null));
    for (String piece : argumentPieces) {
      chunks.add(chunk("{\"tool_calls\":[{\"index\":0,\"function\":{\"arguments\":" + quote(piece) + "}}]}", null));
    }
    chunks.add(chunk("{}", "\"tool_calls\""));
    chunks.add(usage(82, 17));
    chunks.add("data: [DONE]\n\n");
    return openAiStream(chunks);
  }

  static MockResponse openAiError(int status, String type, String message) {
    return new MockResponse.Builder().code(status).addHeader("content-type", "application/json")
        .body("{\"error\":{\"message\":" + quote(message) + ",\"type\":\"" + type + "\",\"param\":null,\"code\":null}}")
        .build();
  }

  static String chunk(String delta, String finishReason) {
    return "data: {\"id\":\"chatcmpl-stream\",\"object\":\"chat.completion.chunk\",\"created\":1741569952,"
        + "\"model\":\"gpt-4o-mini-2024-07-18\",\"system_fingerprint\":\"fp_06737a9306\",\"choices\":[{\"index\":0,"
        + "\"delta\":" + delta + ",\"logprobs\":null,\"finish_reason\":" + finishReason + "}],\"usage\":null}\n\n";
  }

  static String usage(int prompt, int completion) {
    return "data: {\"id\":\"chatcmpl-stream\",\"object\":\"chat.completion.chunk\",\"created\":1741569952,"
        + "\"model\":\"gpt-4o-mini-2024-07-18\",\"choices\":[],\"usage\":{\"prompt_tokens\":" + prompt
        + ",\"completion_tokens\":" + completion + ",\"total_tokens\":" + (prompt + completion) + "}}\n\n";
  }

  static MockResponse json(String body) {
    return new MockResponse.Builder().code(200).addHeader("content-type", "application/json")
        .body(body.replace("\n", "")).build();
  }

  static String quote(String s) {
    return JsonIo.toJson(s);
  }

}
