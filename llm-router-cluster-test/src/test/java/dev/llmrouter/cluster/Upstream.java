package dev.llmrouter.cluster;

import com.squareup.moshi.JsonReader;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.RecordedRequest;
import okio.Buffer;

/**
 * The provider behind the cluster, in OpenAI's Chat Completions wire format: {@code /v1/chat/completions} answers
 * with {@code completion_tokens} = the request's {@code max_tokens}; {@code /a/v1/chat/completions} is a deployment
 * that only rate-limits (429, {@code retry-after: 60}). A message containing {@code [hold]} is held until the test
 * opens {@link #gate}, so calls can be kept in flight without timing.
 */
final class Upstream extends Dispatcher {
  final AtomicInteger completions = new AtomicInteger();
  final AtomicInteger rateLimited = new AtomicInteger();
  final AtomicInteger inFlight = new AtomicInteger();
  final AtomicInteger maxInFlight = new AtomicInteger();
  final AtomicInteger held = new AtomicInteger();
  final AtomicLong promptTokens = new AtomicLong(8);
  volatile CountDownLatch gate = new CountDownLatch(0);

  @Override
  public MockResponse dispatch(RecordedRequest request) throws InterruptedException {
    String path = request.getUrl().encodedPath();
    if (path.equals("/a/v1/chat/completions")) {
      rateLimited.incrementAndGet();
      return new MockResponse.Builder().code(429).addHeader("content-type", "application/json")
          .addHeader("retry-after", "60")
          .body("{\"error\":{\"message\":\"Rate limit reached for gpt-4o-mini in organization org-x on requests per "
              + "min (RPM): Limit 3, Used 3, Requested 1.\",\"type\":\"requests\",\"param\":null,"
              + "\"code\":\"rate_limit_exceeded\"}}").build();
    }
    if (!path.equals("/v1/chat/completions")) {
      return new MockResponse.Builder().code(404).body("{\"error\":{\"message\":\"not found\"}}").build();
    }
    String body = request.getBody() == null ? "" : request.getBody().utf8();
    long maxTokens = maxTokens(body);
    int now = inFlight.incrementAndGet();
    maxInFlight.accumulateAndGet(now, Math::max);
    try {
      if (body.contains("[hold]")) {
        held.incrementAndGet();
        gate.await(60, TimeUnit.SECONDS);
      }
      completions.incrementAndGet();
      long prompt = promptTokens.get();
      return new MockResponse.Builder().code(200).addHeader("content-type", "application/json")
          .body("{\"id\":\"chatcmpl-" + completions.get() + "\",\"object\":\"chat.completion\",\"created\":1764633600,"
              + "\"model\":\"gpt-4o-mini-2024-07-18\",\"choices\":[{\"index\":0,\"message\":{\"role\":\"assistant\","
              + "\"content\":\"ok\",\"refusal\":null,\"annotations\":[]},\"logprobs\":null,\"finish_reason\":\"stop\"}],"
              + "\"usage\":{\"prompt_tokens\":" + prompt + ",\"completion_tokens\":" + maxTokens + ",\"total_tokens\":"
              + (prompt + maxTokens) + ",\"prompt_tokens_details\":{\"cached_tokens\":0,\"audio_tokens\":0},"
              + "\"completion_tokens_details\":{\"reasoning_tokens\":0,\"audio_tokens\":0,"
              + "\"accepted_prediction_tokens\":0,\"rejected_prediction_tokens\":0}},\"service_tier\":\"default\","
              + "\"system_fingerprint\":\"fp_cluster\"}").build();
    } finally {
      inFlight.decrementAndGet();
    }
  }

  private static long maxTokens(String body) {
    try {
      Object parsed = JsonReader.of(new Buffer().writeUtf8(body)).readJsonValue();
      if (parsed instanceof Map<?, ?> m) {
        Object v = m.get("max_completion_tokens") != null ? m.get("max_completion_tokens") : m.get("max_tokens");
        if (v instanceof Number n) {
          return n.longValue();
        }
      }
    } catch (IOException | RuntimeException e) {
      // no max_tokens
    }
    return 16;
  }

  void reset() {
    completions.set(0);
    rateLimited.set(0);
    maxInFlight.set(0);
    held.set(0);
  }

}
