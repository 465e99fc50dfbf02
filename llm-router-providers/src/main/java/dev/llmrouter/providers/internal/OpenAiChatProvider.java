package dev.llmrouter.providers.internal;

import dev.llmrouter.wire.openai.OpenAiErrors;
import dev.llmrouter.wire.openai.OpenAiStreamTranslator;
import dev.llmrouter.wire.openai.OpenAiWire;
import dev.llmrouter.wire.openai.OpenAiJson;
import dev.llmrouter.wire.openai.OpenAiMapper;
import dev.llmrouter.api.ChatRequest;
import dev.llmrouter.api.ChatResponse;
import dev.llmrouter.api.LlmException;
import dev.llmrouter.api.ProviderUnavailableException;
import dev.llmrouter.api.StreamAccumulator;
import dev.llmrouter.api.StreamEvent;
import dev.llmrouter.api.StreamListener;
import dev.llmrouter.api.spi.CancelSignal;
import dev.llmrouter.api.spi.Cancellable;
import dev.llmrouter.api.spi.DeploymentSettings;
import dev.llmrouter.api.spi.Provider;
import dev.llmrouter.wire.HttpErrors;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import okhttp3.HttpUrl;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import okhttp3.sse.EventSource;
import okhttp3.sse.EventSourceListener;

/**
 * OpenAI Chat Completions over OkHttp, for OpenAI, every OpenAI-compatible server and Azure OpenAI: the
 * {@link OpenAiEndpoint} says where and with which credential header. Wire format in {@link OpenAiMapper}; streams
 * are read as server-sent events and translated by {@link OpenAiStreamTranslator}.
 */
public final class OpenAiChatProvider implements Provider {

  private final OpenAiEndpoint config;
  private final HttpTransport transport;
  private final HttpTransport.Calls calls;
  private final HttpTransport.Streams streams;
  private final Clock clock;
  /** Parsed once: OkHttp's URL parsing (host normalisation included) is a measurable part of a call. */
  private final HttpUrl completionsUrl;
  /** {@code .../embeddings} beside chat completions, the query (Azure's api-version) kept. */
  private final HttpUrl embeddingsUrl;

  public OpenAiChatProvider(OpenAiEndpoint endpoint, DeploymentSettings settings) {
    this(endpoint, settings, Clock.systemUTC());
  }

  public OpenAiChatProvider(OpenAiEndpoint endpoint, DeploymentSettings settings, Clock clock) {
    this(endpoint, settings, clock, new HttpTransport());
  }

  /** On {@code transport} (a router's, from {@link HttpTransport#of}, or its own), which {@link #close()} closes. */
  public OpenAiChatProvider(OpenAiEndpoint endpoint, DeploymentSettings settings, Clock clock,
                            HttpTransport transport) {
    this.config = endpoint;
    this.transport = transport;
    this.calls = transport.forCalls(settings);
    this.streams = transport.forStreams(settings);
    this.clock = clock;
    this.completionsUrl = HttpUrl.get(endpoint.completionsUrl());
    this.embeddingsUrl = HttpUrl.get(endpoint.completionsUrl()
        .replaceFirst("/chat/completions(\\?|$)", "/embeddings$1"));
  }

  @Override
  public ChatResponse chat(ChatRequest request) {
    return chat(request, CancelSignal.NONE);
  }

  @Override
  public ChatResponse chat(ChatRequest request, CancelSignal signal) {
    BlockingCall answer = calls.execute(httpRequest(request, false),
        request.options().timeout(), signal, config.provider());
    Response response = answer.response();
    if (!response.isSuccessful()) {
      throw error(response, answer.body());
    }
    OpenAiWire.Completion completion = parse(answer.utf8(), response.code());
    if (completion.error() != null && completion.choices() == null) {
      throw OpenAiErrors.fromErrorValue(config.provider(), response.code(), completion.error(), null,
          config.credential());
    }
    String invalid = OpenAiMapper.whyNotACompletion(completion);
    if (invalid != null) {
      throw new ProviderUnavailableException(config.provider() + " answered 200 with " + invalid
          + ", which is not a chat completion", response.code(), null, null);
    }
    return OpenAiMapper.toChatResponse(completion);
  }

  /** {@code POST .../embeddings} beside the deployment's chat completions. */
  @Override
  public ChatResponse embed(ChatRequest request, CancelSignal signal) {
    Request.Builder b = new Request.Builder().url(embeddingsUrl).post(JsonBody.of(
        dev.llmrouter.wire.JsonIo.toJson(dev.llmrouter.wire.openai.OpenAiEmbeddings.requestBody(request))));
    if (config.credential() != null) {
      b.header(config.credentialHeader(), config.credentialPrefix() + config.credential().reveal());
    }
    config.headers().forEach(b::header);
    BlockingCall answer = calls.execute(b.build(), request.options().timeout(), signal,
        config.provider());
    if (!answer.response().isSuccessful()) {
      throw error(answer.response(), answer.body());
    }
    ChatResponse response = dev.llmrouter.wire.JsonIo.parseOrNull(answer.body()) instanceof java.util.Map<?, ?> body
        ? dev.llmrouter.wire.openai.OpenAiEmbeddings.fromResponse(body) : null;
    if (response == null) {
      throw new ProviderUnavailableException(config.provider() + " answered " + answer.response().code()
          + " with a body that is not a list of embeddings", answer.response().code(), null, null);
    }
    return response;
  }

  @Override
  public Cancellable stream(ChatRequest request, StreamListener listener) {
    StreamCall streamCall = new StreamCall(streams.sse(httpRequest(request, true)), listener);
    streamCall.sse.enqueue(streamCall);
    return streamCall;
  }

  /** Read on the calling thread: no hand-off to an OkHttp thread before the first event. */
  @Override
  public ChatResponse streamBlocking(ChatRequest request, StreamListener listener, CancelSignal signal) {
    StreamOutcome outcome = new StreamOutcome(listener);
    StreamCall streamCall = new StreamCall(streams.sse(httpRequest(request, true)), outcome);
    streamCall.sse.execute(request.options().timeout(), signal, streamCall);
    return outcome.result(config.provider());
  }

  private Request httpRequest(ChatRequest request, boolean stream) {
    String json = OpenAiJson.write(OpenAiMapper.toRequestBody(request, stream, config.useMaxCompletionTokens()));
    Request.Builder b = new Request.Builder()
        .url(completionsUrl)
        .post(JsonBody.of(json));
    if (stream) {
      b.header("Accept", "text/event-stream");
    }
    if (config.credential() != null) {
      b.header(config.credentialHeader(), config.credentialPrefix() + config.credential().reveal());
    }
    config.headers().forEach(b::header);
    return b.build();
  }

  private LlmException error(Response response, String body) {
    Duration retryAfter = HttpErrors.parseRetryAfter(response.header("Retry-After"),
        response.header("retry-after-ms"), clock);
    return OpenAiErrors.fromBody(config.provider(), response.code(), body, retryAfter, config.credential());
  }

  private OpenAiWire.Completion parse(byte[] json, int status) {
    try {
      return OpenAiJson.readCompletion(json);
    } catch (IllegalArgumentException e) {
      throw new ProviderUnavailableException(config.provider() + " sent a response that is not a chat completion: "
          + e.getMessage(), status, null, e);
    }
  }

  @Override
  public void close() {
    transport.close();
  }

  @Override
  public String toString() {
    return "OpenAiChatProvider[" + config + "]";
  }

  /**
   * One streamed call: SSE callbacks in, stream events out. The callbacks come on one thread in order;
   * {@link #cancel()} may come from any thread and silences everything after it.
   */
  private final class StreamCall extends EventSourceListener implements Cancellable {
    private final StreamListener listener;
    private final OpenAiStreamTranslator translator = new OpenAiStreamTranslator();
    private final StreamAccumulator accumulator = new StreamAccumulator();
    private volatile boolean cancelled;
    private boolean ended;
    final SseCall sse;

    StreamCall(SseCall sse, StreamListener listener) {
      this.sse = sse;
      this.listener = listener;
    }

    @Override
    public void onEvent(EventSource eventSource, String id, String type, String data) {
      if (cancelled || ended) {
        return;
      }
      if (data.strip().equals("[DONE]")) {
        if (!translator.answered()) {
          fail(nothingStreamed());
          return;
        }
        complete();
        eventSource.cancel(); // the answer is whole: stop reading (the rest of the body is read on close)
        return;
      }
      OpenAiWire.Completion chunk;
      try {
        chunk = OpenAiJson.readCompletion(data);
      } catch (IllegalArgumentException e) {
        fail(new ProviderUnavailableException(config.provider()
            + " sent a stream chunk that is not JSON: " + e.getMessage(), 0, null, e));
        return;
      }
      if (chunk.error() != null) {
        fail(OpenAiErrors.fromErrorValue(config.provider(), 0, chunk.error(), null, config.credential()));
        return;
      }
      emit(translator.onChunk(chunk));
    }

    @Override
    public void onClosed(EventSource eventSource) {
      if (cancelled || ended) {
        return;
      }
      if (!translator.answered()) {
        fail(nothingStreamed());
        return;
      }
      complete(); // no [DONE]: some compatible servers just end the stream
    }

    @Override
    public void onFailure(EventSource eventSource, Throwable t, Response response) {
      if (cancelled || ended) {
        return;
      }
      if (response != null && !response.isSuccessful()) {
        String body;
        try {
          body = response.body().string();
        } catch (IOException | IllegalStateException unreadable) {
          body = null;
        }
        fail(error(response, body));
      } else if (response != null && !(t instanceof IOException)) {
        fail(notAnEventStream(response));
      } else if (t instanceof IOException io) {
        // with a response, the stream had begun: the connection broke mid-response
        fail(response != null ? HttpErrors.midResponse(config.provider(), io)
            : HttpErrors.fromIo(config.provider(), io));
      } else {
        String what = t == null ? "unknown failure" : t.getMessage();
        fail(new ProviderUnavailableException(config.provider() + " stream failed: " + what, 0, null, t));
      }
    }

    private LlmException nothingStreamed() {
      return new ProviderUnavailableException(config.provider() + " ended the stream without a completion "
          + "(no content, tool call or finish reason in any chunk)", 200, null, null);
    }

    /** A 2xx that is not {@code text/event-stream}: usually a JSON error from a compatible server. */
    private LlmException notAnEventStream(Response response) {
      String body;
      try {
        body = response.body().string();
      } catch (IOException | IllegalStateException unreadable) {
        body = "";
      }
      Object json = OpenAiJson.readValue(body);
      if (json instanceof Map<?, ?> map && map.get("error") != null) {
        return OpenAiErrors.fromErrorValue(config.provider(), response.code(), map.get("error"), null,
            config.credential());
      }
      return new ProviderUnavailableException(config.provider() + " answered a stream request with content type "
          + response.header("Content-Type"), response.code(), null, null);
    }

    private void emit(Iterable<StreamEvent> events) {
      for (StreamEvent event : events) {
        if (cancelled) {
          return;
        }
        accumulator.accept(event);
        listener.onEvent(event);
      }
    }

    private void complete() {
      emit(translator.finish());
      if (!cancelled && !ended) {
        ended = true;
        listener.onComplete(accumulator.toResponse());
      }
    }

    private void fail(LlmException error) {
      ended = true;
      sse.stop(); // stop reading; the connection is closed
      if (!cancelled) {
        listener.onError(error);
      }
    }

    @Override
    public void cancel() {
      cancelled = true;
      sse.stop();
    }
  }
}
