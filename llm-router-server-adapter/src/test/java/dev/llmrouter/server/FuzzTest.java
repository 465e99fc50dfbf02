package dev.llmrouter.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A few thousand generated requests (seeded, so a failure replays): broken and half-valid JSON, every field with
 * the wrong type, deep nesting, odd numbers and escapes, odd paths, methods, content types and keys. None may get a
 * 5xx, every error must be OpenAI's error JSON, every call that reached the router must be accounted once, and the
 * proxy must still answer a normal call afterwards. Bounded in count and time.
 */
class FuzzTest {
  private static final long SEED = 20261201L;
  private static final int REQUESTS = 3000;
  private static final Pattern ERROR_SHAPE = Pattern.compile(
      "^\\{\"error\":\\{\"message\":\"(?:[^\"\\\\]|\\\\.)*\",\"type\":\"[a-z_]+\",\"param\":(?:null|\"[^\"]*\"),"
          + "\"code\":(?:null|\"[a-z_]+\")}}$");

  private ProxyFixture proxy;
  private final java.util.Map<Integer, Integer> statuses = new java.util.concurrent.ConcurrentHashMap<>();

  @AfterEach
  void stop() throws Exception {
    if (proxy != null) {
      proxy.assertNoKeyLeaked();
      proxy.close();
    }
  }

  @Test
  void generatedBodiesAndHeadersNeverGet5xxAndAlwaysAWellShapedError() throws Exception {
    proxy = ProxyFixture.start("""
        model_list:
          - model_name: mock-model
            litellm_params: {model: mock/mock-model, mock_response: "Fine."}
          - model_name: other
            litellm_params: {model: mock/other}
        general_settings:
          master_key: %s
          max_request_size_mb: 0.05
        """.formatted(ProxyFixture.MASTER_KEY));
    Random random = new Random(SEED);
    List<HttpRequest> requests = new ArrayList<>();
    for (int i = 0; i < REQUESTS; i++) {
      requests.add(new Generator(random).request(proxy.baseUrl()));
    }
    ExecutorService pool = Executors.newFixedThreadPool(4);
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
    try {
      List<Future<String>> results = new ArrayList<>();
      for (HttpRequest r : requests) {
        results.add(pool.submit(() -> check(r)));
      }
      for (int i = 0; i < results.size(); i++) {
        String problem = results.get(i).get(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
        assertThat(problem).as("request %d: %s %s", i, requests.get(i).method(), requests.get(i).uri()).isNull();
      }
    } finally {
      pool.shutdownNow();
    }
    // the generator reaches every kind of answer, success included
    System.out.println("fuzz statuses: " + new java.util.TreeMap<>(statuses));
    assertThat(statuses.keySet()).contains(200, 400, 401, 404, 405, 413, 415);
    HttpResponse<String> normal = proxy.authorizedPost("/v1/chat/completions",
        "{\"model\":\"mock-model\",\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}]}");
    assertThat(normal.statusCode()).isEqualTo(200);
    assertThat(normal.body()).contains("Fine.");
    proxy.calls.assertBalanced();
  }

  /** Null when the answer is acceptable, else what is wrong with it. */
  private String check(HttpRequest request) throws Exception {
    HttpResponse<String> r;
    try {
      r = proxy.http.send(request, HttpResponse.BodyHandlers.ofString());
    } catch (java.io.IOException e) {
      return "no answer (" + e.getMessage() + ") to " + request.method() + " " + request.uri().getRawPath() + " " + request.headers().map() + " body "
          + request.bodyPublisher().map(p -> p.contentLength() + " bytes").orElse("none");
    }
    int status = r.statusCode();
    statuses.merge(status, 1, Integer::sum);
    if (status >= 500) {
      return "status " + status + ": " + r.body();
    }
    if (status >= 400 && !ERROR_SHAPE.matcher(r.body()).matches()) {
      return "status " + status + " with a body not in OpenAI's error shape: " + r.body();
    }
    return null;
  }

  /** One random request. */
  private static final class Generator {
    private final Random r;

    Generator(Random r) {
      this.r = r;
    }

    HttpRequest request(String base) {
      String path = pick("/v1/chat/completions", "/v1/chat/completions", "/v1/chat/completions",
          "/chat/completions", "/v1/chat/completions/", "/v1/models", "/v1/%2e%2e/models", "/v1/chat//completions",
          "/v1/" + word());
      HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(30));
      String body = body();
      String method = r.nextInt(20) == 0 ? pick("PUT", "DELETE", "PATCH", "GET") : "POST";
      b.method(method, method.equals("GET") ? HttpRequest.BodyPublishers.noBody()
          : HttpRequest.BodyPublishers.ofByteArray(body.getBytes(r.nextInt(30) == 0 ? StandardCharsets.UTF_16
              : StandardCharsets.UTF_8)));
      String type = pick("application/json", "application/json", "application/json; charset=utf-8",
          "application/json;charset=UTF-16", "text/plain", "application/x-www-form-urlencoded", "application/ld+json",
          "multipart/form-data; boundary=x", "*/*", "application/json; " + word());
      if (r.nextInt(10) > 0) {
        b.header("Content-Type", type);
      }
      switch (r.nextInt(8)) {
        case 0 -> { } // no key
        case 1 -> b.header("Authorization", "Bearer sk-" + word());
        case 2 -> b.header("Authorization", pick("Bearer", "Basic abc", "bearer  " + ProxyFixture.MASTER_KEY,
            "Bearer " + ProxyFixture.MASTER_KEY + " ", "Bearer " + "k".repeat(5000)));
        case 3 -> b.header("x-api-key", ProxyFixture.MASTER_KEY);
        default -> b.header("Authorization", "Bearer " + ProxyFixture.MASTER_KEY);
      }
      if (r.nextInt(15) == 0) {
        b.header("x-" + word(), word());
      }
      return b.build();
    }

    String body() {
      return switch (r.nextInt(12)) {
        case 0 -> randomBytes();
        case 10 -> "{\"model\":\"mock-model\",\"stream\":" + r.nextBoolean() + ",\"max_tokens\":" + (1 + r.nextInt(99))
            + ",\"messages\":[{\"role\":\"user\",\"content\":" + string() + "}]}";
        case 11 -> "{\"model\":\"mock-model\",\"messages\":[{\"role\":\"user\",\"content\":\""
            + "y".repeat(40_000 + r.nextInt(40_000)) + "\"}]" + " ".repeat(r.nextInt(20_000)) + "}";
        case 1 -> {
          String valid = request();
          yield valid.substring(0, r.nextInt(valid.length() + 1));
        }
        case 2 -> nested(1 + r.nextInt(400));
        default -> request();
      };
    }

    /** A request object whose fields are right, wrong or missing at random. */
    String request() {
      StringBuilder sb = new StringBuilder("{");
      List<String> fields = new ArrayList<>();
      if (r.nextInt(8) > 0) {
        fields.add("\"model\":" + (r.nextInt(5) > 0 ? pick("\"mock-model\"", "\"other\"", "\"nope\"", "\"\"")
            : value(2)));
      }
      if (r.nextInt(8) > 0) {
        fields.add("\"messages\":" + (r.nextInt(5) > 0 ? messages() : value(2)));
      }
      String[] optional = {"temperature", "top_p", "max_tokens", "max_completion_tokens", "stream", "stop", "n",
          "seed", "tools", "tool_choice", "response_format", "stream_options", "user", "metadata",
          "parallel_tool_calls", "reasoning_effort", "frequency_penalty", word()};
      for (String f : optional) {
        if (r.nextInt(6) == 0) {
          fields.add("\"" + f + "\":" + (f.equals("stream") && r.nextBoolean() ? "true" : value(3)));
        }
      }
      java.util.Collections.shuffle(fields, r);
      sb.append(String.join(",", fields));
      if (r.nextInt(20) == 0) {
        sb.append(",\"model\":\"mock-model\""); // a duplicate key
      }
      return sb.append(r.nextInt(30) == 0 ? "" : "}").append(r.nextInt(25) == 0 ? " trailing" : "").toString();
    }

    String messages() {
      StringBuilder sb = new StringBuilder("[");
      int n = r.nextInt(4);
      for (int i = 0; i < n; i++) {
        if (i > 0) {
          sb.append(',');
        }
        if (r.nextInt(6) == 0) {
          sb.append(value(2));
          continue;
        }
        sb.append("{\"role\":").append(r.nextInt(4) > 0
            ? pick("\"user\"", "\"assistant\"", "\"system\"", "\"tool\"", "\"developer\"", "\"function\"", "\"x\"")
            : value(1));
        if (r.nextInt(5) > 0) {
          sb.append(",\"content\":").append(r.nextInt(3) > 0 ? string() : r.nextBoolean() ? parts() : value(2));
        }
        if (r.nextInt(6) == 0) {
          sb.append(",\"tool_calls\":").append(r.nextBoolean()
              ? "[{\"id\":\"c1\",\"type\":\"function\",\"function\":{\"name\":\"f\",\"arguments\":" + string() + "}}]"
              : value(3));
        }
        if (r.nextInt(8) == 0) {
          sb.append(",\"tool_call_id\":").append(value(1));
        }
        sb.append('}');
      }
      return sb.append(']').toString();
    }

    String parts() {
      return "[{\"type\":" + pick("\"text\"", "\"image_url\"", "\"input_audio\"", "\"file\"", "\"x\"")
          + ",\"text\":" + (r.nextBoolean() ? string() : value(1))
          + (r.nextBoolean() ? ",\"image_url\":" + (r.nextBoolean() ? "{\"url\":\"data:image/png;base64,AAAA\"}"
              : value(2)) : "") + "}]";
    }

    String value(int depth) {
      int kind = depth <= 0 ? r.nextInt(6) : r.nextInt(8);
      return switch (kind) {
        case 0 -> string();
        case 1 -> pick("0", "-1", "1e999", "-0", "0.5", "123456789012345678901234567890", "1.7976931348623157E309",
            "2", "-9223372036854775809", "3.0", "1E2");
        case 2 -> pick("true", "false");
        case 3 -> "null";
        case 4 -> "\"" + "x".repeat(r.nextInt(3000)) + "\"";
        case 5 -> pick("\"\\ud800\"", "\"\\u0000\"", "\"\\uZZZZ\"", "\"\\x\"", "\"\u00e9\u4e2d\ud83d\ude00\"");
        case 6 -> {
          StringBuilder sb = new StringBuilder("[");
          for (int i = r.nextInt(4); i > 0; i--) {
            sb.append(value(depth - 1)).append(i > 1 ? "," : "");
          }
          yield sb.append(']').toString();
        }
        default -> {
          StringBuilder sb = new StringBuilder("{");
          for (int i = r.nextInt(4); i > 0; i--) {
            sb.append(string()).append(':').append(value(depth - 1)).append(i > 1 ? "," : "");
          }
          yield sb.append('}').toString();
        }
      };
    }

    String nested(int depth) {
      String open = r.nextBoolean() ? "[" : "{\"a\":";
      String close = open.equals("[") ? "]" : "}";
      return "{\"model\":\"mock-model\",\"messages\":" + open.repeat(depth) + "1" + close.repeat(depth) + "}";
    }

    String string() {
      return "\"" + word() + (r.nextInt(10) == 0 ? "\\n\\t\\\"\\\\" : "") + "\"";
    }

    String word() {
      int n = 1 + r.nextInt(12);
      StringBuilder sb = new StringBuilder();
      for (int i = 0; i < n; i++) {
        sb.append((char) ('a' + r.nextInt(26)));
      }
      return sb.toString();
    }

    String randomBytes() {
      StringBuilder sb = new StringBuilder();
      for (int i = r.nextInt(200); i > 0; i--) {
        sb.append((char) (32 + r.nextInt(95)));
      }
      return sb.toString();
    }

    @SafeVarargs
    private <T> T pick(T... options) {
      return options[r.nextInt(options.length)];
    }
  }
}
