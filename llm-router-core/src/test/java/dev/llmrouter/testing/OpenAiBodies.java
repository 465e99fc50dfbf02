package dev.llmrouter.testing;

import mockwebserver3.MockResponse;

/** Upstream answers in OpenAI's Chat Completions wire format. */
public final class OpenAiBodies {
  private OpenAiBodies() {}

  public static MockResponse completion(String text, int promptTokens, int completionTokens) {
    return new MockResponse.Builder()
        .addHeader("Content-Type", "application/json")
        .body("""
            {"id":"chatcmpl-abc123","object":"chat.completion","created":1741569952,"model":"gpt-4o-mini-2024-07-18",
             "choices":[{"index":0,"message":{"role":"assistant","content":"%s","refusal":null,"annotations":[]},
               "logprobs":null,"finish_reason":"stop"}],
             "usage":{"prompt_tokens":%d,"completion_tokens":%d,"total_tokens":%d,
               "prompt_tokens_details":{"cached_tokens":0,"audio_tokens":0},
               "completion_tokens_details":{"reasoning_tokens":0,"audio_tokens":0,
                 "accepted_prediction_tokens":0,"rejected_prediction_tokens":0}},
             "service_tier":"default"}
            """.formatted(text, promptTokens, completionTokens, promptTokens + completionTokens))
        .build();
  }

  public static MockResponse.Builder error(int status, String type, String message) {
    return new MockResponse.Builder()
        .code(status)
        .addHeader("Content-Type", "application/json")
        .body("""
            {"error":{"message":"%s","type":"%s","param":null,"code":null}}
            """.formatted(message, type));
  }

  /** A streamed answer: the text in two deltas, then the finish chunk and the usage chunk. */
  public static MockResponse stream(String first, String second, int promptTokens, int completionTokens) {
    String head = "{\"id\":\"chatcmpl-s1\",\"object\":\"chat.completion.chunk\",\"created\":1741569952,"
        + "\"model\":\"gpt-4o-mini-2024-07-18\",\"system_fingerprint\":\"fp_1\",";
    String body = "data: " + head + "\"choices\":[{\"index\":0,\"delta\":{\"role\":\"assistant\",\"content\":\"\","
        + "\"refusal\":null},\"logprobs\":null,\"finish_reason\":null}],\"usage\":null}\n\n"
        + "data: " + head + "\"choices\":[{\"index\":0,\"delta\":{\"content\":\"" + first
        + "\"},\"logprobs\":null,\"finish_reason\":null}],\"usage\":null}\n\n"
        + "data: " + head + "\"choices\":[{\"index\":0,\"delta\":{\"content\":\"" + second
        + "\"},\"logprobs\":null,\"finish_reason\":null}],\"usage\":null}\n\n"
        + "data: " + head + "\"choices\":[{\"index\":0,\"delta\":{},\"logprobs\":null,\"finish_reason\":\"stop\"}],"
        + "\"usage\":null}\n\n"
        + "data: " + head + "\"choices\":[],\"usage\":{\"prompt_tokens\":" + promptTokens + ",\"completion_tokens\":"
        + completionTokens + ",\"total_tokens\":" + (promptTokens + completionTokens) + "}}\n\n"
        + "data: [DONE]\n\n";
    return new MockResponse.Builder().addHeader("Content-Type", "text/event-stream").body(body).build();
  }
}
