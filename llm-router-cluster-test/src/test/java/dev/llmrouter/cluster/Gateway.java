package dev.llmrouter.cluster;

import com.squareup.moshi.JsonReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.BooleanSupplier;
import okhttp3.ConnectionPool;
import okhttp3.Dispatcher;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import okio.Buffer;

/** A client of the cluster, as a platform team's engineers and admins are: plain HTTP and JSON. */
final class Gateway {
  private static final MediaType JSON = MediaType.get("application/json");

  final OkHttpClient http;

  Gateway() {
    Dispatcher d = new Dispatcher();
    d.setMaxRequests(1000);
    d.setMaxRequestsPerHost(1000);
    http = new OkHttpClient.Builder().dispatcher(d).connectionPool(new ConnectionPool(200, 1, java.util.concurrent.TimeUnit.MINUTES))
        .callTimeout(Duration.ofSeconds(90)).readTimeout(Duration.ofSeconds(90)).retryOnConnectionFailure(false)
        .build();
  }

  /** One answer: status, body, headers, and how long it took. */
  record Answer(int status, String body, Map<String, List<String>> headers, Duration took) {
    String header(String name) {
      List<String> v = headers.get(name.toLowerCase());
      return v == null || v.isEmpty() ? null : v.get(0);
    }
  }

  Answer post(String url, String key, String json) {
    Request r = new Request.Builder().url(url).header("Authorization", "Bearer " + key)
        .post(RequestBody.create(json, JSON)).build();
    long t0 = System.nanoTime();
    try (Response res = http.newCall(r).execute()) {
      String body = res.body().string();
      Map<String, List<String>> headers = new java.util.HashMap<>();
      res.headers().names().forEach(n -> headers.put(n.toLowerCase(), res.headers().values(n)));
      return new Answer(res.code(), body, headers, Duration.ofNanos(System.nanoTime() - t0));
    } catch (IOException e) {
      return new Answer(-1, String.valueOf(e), Map.of(), Duration.ofNanos(System.nanoTime() - t0));
    }
  }

  String get(String url) {
    try (Response res = http.newCall(new Request.Builder().url(url).build()).execute()) {
      return res.body().string();
    } catch (IOException e) {
      return "";
    }
  }

  Answer chat(String base, String key, String prompt, int maxTokens) {
    return chat(base, key, prompt, maxTokens, "");
  }

  /** @param extra more top-level fields, e.g. {@code , "cache": {"no-cache": true}} */
  Answer chat(String base, String key, String prompt, int maxTokens, String extra) {
    return post(base + "/v1/chat/completions", key, "{\"model\":\"" + (prompt.startsWith("flaky") ? "flaky" : "chat")
        + "\",\"max_tokens\":" + maxTokens + ",\"messages\":[{\"role\":\"user\",\"content\":\"" + prompt + "\"}]"
        + extra + "}");
  }

  /** A team (tenant) made through the admin API, LiteLLM's {@code /team/new}. */
  void team(String base, String json) {
    Answer a = post(base + "/team/new", LocalCluster.MASTER, json);
    if (a.status() != 200) {
      throw new IllegalStateException("/team/new: " + a.status() + " " + a.body());
    }
  }

  /** A key made through {@code /key/generate}; returns the key. */
  String key(String base, String json) {
    Answer a = post(base + "/key/generate", LocalCluster.MASTER, json);
    if (a.status() != 200) {
      throw new IllegalStateException("/key/generate: " + a.status() + " " + a.body());
    }
    return (String) parse(a.body()).get("key");
  }

  @SuppressWarnings("unchecked")
  static Map<String, Object> parse(String json) {
    try {
      return (Map<String, Object>) JsonReader.of(new Buffer().writeUtf8(json)).readJsonValue();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Runs {@code calls} calls on {@code threads} threads at once; the answers in call order. */
  static <T> List<T> concurrently(int calls, int threads, java.util.function.IntFunction<T> call) {
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      List<Future<T>> futures = new ArrayList<>();
      for (int i = 0; i < calls; i++) {
        int n = i;
        futures.add(pool.submit((Callable<T>) () -> call.apply(n)));
      }
      List<T> out = new ArrayList<>();
      for (Future<T> f : futures) {
        out.add(f.get());
      }
      return out;
    } catch (Exception e) {
      throw new IllegalStateException(e);
    } finally {
      pool.shutdownNow();
    }
  }

  /** Waits for what another process does (a flush, a probe, pub/sub); fails after {@code seconds}. */
  static void await(String what, int seconds, BooleanSupplier condition) {
    long deadline = System.nanoTime() + Duration.ofSeconds(seconds).toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError(what + ": not within " + seconds + " s");
      }
      java.util.concurrent.locks.LockSupport.parkNanos(Duration.ofMillis(50).toNanos());
    }
  }
}
