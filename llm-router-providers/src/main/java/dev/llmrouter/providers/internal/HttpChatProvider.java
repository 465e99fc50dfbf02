package dev.llmrouter.providers.internal;

import dev.llmrouter.api.ChatRequest;
import dev.llmrouter.api.ChatResponse;
import dev.llmrouter.api.LlmException;
import dev.llmrouter.api.ProviderUnavailableException;
import dev.llmrouter.api.StreamEvent;
import dev.llmrouter.api.StreamListener;
import dev.llmrouter.api.spi.CancelSignal;
import dev.llmrouter.api.spi.Cancellable;
import dev.llmrouter.api.spi.DeploymentSettings;
import dev.llmrouter.api.spi.Provider;
import dev.llmrouter.wire.HttpErrors;
import dev.llmrouter.wire.JsonIo;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import okhttp3.Request;
import okhttp3.Response;
import okhttp3.sse.EventSource;
import okhttp3.sse.EventSourceListener;

/**
 * A provider whose API is JSON over HTTP, its streams server-sent events, newline-delimited JSON or AWS's
 * event-stream frames: the transport
 * every such provider shares (blocking calls, both kinds of stream, cancel, timeouts, errors before and during a
 * stream, one end per stream), so that a provider is its {@link Api}, its mapping, and nothing else.
 */
public final class HttpChatProvider implements Provider {

  /** How a stream's body is framed. */
  public enum Framing {
    /** Server-sent events ({@code Accept: text/event-stream}). */
    SSE,
    /** One JSON object per line. */
    NDJSON,
    /** AWS's binary event-stream, a JSON payload per frame, typed by its {@code :event-type}. */
    AWS_EVENT_STREAM
  }

  /** What differs between providers: the request they are sent, and how their answers read. */
  public interface Api {
    /** The HTTP request of one call, with its URL, headers and body; {@code stream} asks for a stream. */
    Request request(ChatRequest request, boolean stream);

    /** A 2xx body as the answer; null when the body is not an answer at all. May throw (a refusal, say). */
    ChatResponse answer(Map<?, ?> body);

    /** A response that is not 2xx, with its whole body (null when unreadable), as the error it means. */
    LlmException error(Response response, String body);

    /** A reader for one stream. */
    StreamDecoder decoder();

    /** Removes the deployment's secrets from a text that came back from the upstream. */
    String mask(String text);

    /**
     * The HTTP requests of an embedding call, in order (one, or one per input where the API embeds one text a call),
     * or an empty list when the API has no embeddings.
     */
    default List<Request> embeddingRequests(ChatRequest request) {
      return List.of();
    }

    /** The 2xx bodies of those requests, in order, as one answer of {@code ContentBlock.Vector}s; null if not one. */
    default ChatResponse embeddings(ChatRequest request, List<Map<?, ?>> bodies) {
      return null;
    }
  }

  /** One stream's events as they arrive, in order, on one thread. */
  public interface StreamDecoder {
    /**
     * One event: the SSE event's type (null for NDJSON and untyped events) and its JSON object. Throws the
     * {@link LlmException} of an error sent inside the stream.
     */
    List<StreamEvent> onEvent(String type, Map<?, ?> event);

    /** Whether the answer is whole: reading stops, the rest of the body is not waited for. */
    boolean done();

    /**
     * The body ended before {@link #done}: the events that end the answer, where an end of body is how the API ends
     * a stream, or the error that the answer is cut off. The default is the error.
     */
    default List<StreamEvent> onEnd() {
      throw new ProviderUnavailableException("the stream ended before its last event"
          + (answered() ? ": the answer is incomplete" : ""), 200, null, null);
    }

    /** Whether any part of the answer has arrived. */
    boolean answered();

    /**
     * {@code decoder}, but an event that is an error sent inside the stream ({@code errorOf} gives it, or null for
     * an event of the answer) is thrown as that error instead of decoded.
     */
    static StreamDecoder withErrors(StreamDecoder decoder,
                                    java.util.function.BiFunction<String, Map<?, ?>, LlmException> errorOf) {
      return new StreamDecoder() {
        @Override
        public List<StreamEvent> onEvent(String type, Map<?, ?> event) {
          LlmException error = errorOf.apply(type, event);
          if (error != null) {
            throw error;
          }
          return decoder.onEvent(type, event);
        }

        @Override
        public boolean done() {
          return decoder.done();
        }

        @Override
        public List<StreamEvent> onEnd() {
          return decoder.onEnd();
        }

        @Override
        public boolean answered() {
          return decoder.answered();
        }
      };
    }
  }

  private final String provider;
  private final Api api;
  private final Framing framing;
  private final HttpTransport transport;
  private final HttpTransport.Calls calls;
  private final HttpTransport.Streams streams;

  /** On {@code transport} (a router's, from {@link HttpTransport#of}, or its own), which {@link #close()} closes. */
  public HttpChatProvider(String provider, Api api, Framing framing, HttpTransport transport,
                          DeploymentSettings settings) {
    this.provider = provider;
    this.api = api;
    this.framing = framing;
    this.transport = transport;
    this.calls = transport.forCalls(settings);
    this.streams = transport.forStreams(settings);
  }

  @Override
  public ChatResponse chat(ChatRequest request) {
    return chat(request, CancelSignal.NONE);
  }

  @Override
  public ChatResponse chat(ChatRequest request, CancelSignal signal) {
    BlockingCall answer = calls.execute(api.request(request, false), request.options().timeout(),
        signal, provider);
    if (!answer.response().isSuccessful()) {
      throw api.error(answer.response(), answer.body());
    }
    ChatResponse response = JsonIo.parseOrNull(answer.body()) instanceof Map<?, ?> body ? api.answer(body) : null;
    if (response == null) {
      throw new ProviderUnavailableException(provider + " answered " + answer.response().code()
          + " with a body that is not a chat response", answer.response().code(), null, null);
    }
    return response;
  }

  @Override
  public ChatResponse embed(ChatRequest request, CancelSignal signal) {
    List<Request> requests = api.embeddingRequests(request);
    if (requests.isEmpty()) {
      throw new dev.llmrouter.api.UnsupportedParameterException("input", provider + " does not serve embeddings");
    }
    List<Map<?, ?>> bodies = new java.util.ArrayList<>();
    for (Request http : requests) {
      BlockingCall answer = calls.execute(http, request.options().timeout(), signal, provider);
      if (!answer.response().isSuccessful()) {
        throw api.error(answer.response(), answer.body());
      }
      if (!(JsonIo.parseOrNull(answer.body()) instanceof Map<?, ?> body)) {
        throw new ProviderUnavailableException(provider + " answered " + answer.response().code()
            + " with a body that is not JSON", answer.response().code(), null, null);
      }
      bodies.add(body);
    }
    ChatResponse response = api.embeddings(request, bodies);
    if (response == null) {
      throw new ProviderUnavailableException(provider + " answered with a body that is not embeddings", 200, null,
          null);
    }
    return response;
  }

  @Override
  public Cancellable stream(ChatRequest request, StreamListener listener) {
    StreamCall call = new StreamCall(api.request(request, true), listener);
    switch (framing) {
      case SSE -> call.sse.enqueue(call.sseListener());
      case NDJSON, AWS_EVENT_STREAM -> call.items.enqueue(call.itemsListener());
    }
    return call;
  }

  /** Read on the calling thread: no hand-off to an OkHttp thread before the first event. */
  @Override
  public ChatResponse streamBlocking(ChatRequest request, StreamListener listener, CancelSignal signal) {
    StreamOutcome outcome = new StreamOutcome(listener);
    StreamCall call = new StreamCall(api.request(request, true), outcome);
    switch (framing) {
      case SSE -> call.sse.execute(request.options().timeout(), signal, call.sseListener());
      case NDJSON, AWS_EVENT_STREAM -> call.items.execute(request.options().timeout(), signal, call.itemsListener());
    }
    return outcome.result(provider);
  }

  @Override
  public void close() {
    transport.close();
  }

  @Override
  public String toString() {
    return provider + "[" + api + "]";
  }

  /** One streamed call: events in, stream events out; {@link #cancel()} may come from any thread. */
  private final class StreamCall implements Cancellable {
    final SseCall sse;
    /** The NDJSON or event-stream reader, when the stream is not SSE. */
    final BodyStreamCall items;
    private final StreamRelay relay;
    private final StreamDecoder decoder = api.decoder();

    StreamCall(Request request, StreamListener listener) {
      this.sse = framing == Framing.SSE ? streams.sse(request) : null;
      this.items = switch (framing) {
        case SSE -> null;
        case NDJSON -> streams.ndjson(request);
        case AWS_EVENT_STREAM -> streams.awsEventStream(request);
      };
      this.relay = new StreamRelay(listener, sse != null ? sse::stop : items::stop);
    }

    /** One event's data; false when reading should stop. */
    boolean onData(String type, String data) {
      if (!relay.open()) {
        return false;
      }
      if (!(JsonIo.parseOrNull(data) instanceof Map<?, ?> event)) {
        relay.fail(new ProviderUnavailableException(provider + " sent a stream event that is not a JSON object: "
            + api.mask(data.length() > 200 ? data.substring(0, 200) + "..." : data), 200, null, null));
        return false;
      }
      try {
        relay.emit(decoder.onEvent(type, event));
      } catch (LlmException e) {
        relay.fail(e);
        return false;
      }
      if (decoder.done()) {
        relay.complete();
        return false;
      }
      return relay.open();
    }

    void onEnd() {
      if (!relay.open()) {
        return;
      }
      try {
        relay.emit(decoder.onEnd());
        relay.complete();
      } catch (ProviderUnavailableException e) {
        relay.fail(new ProviderUnavailableException(provider + ": " + e.getMessage(), e.status(), null, null));
      } catch (LlmException e) {
        relay.fail(e);
      }
    }

    void onHttpError(Response response, String body) {
      relay.fail(api.error(response, body));
    }

    void onIoFailure(IOException e, boolean midResponse) {
      relay.fail(midResponse ? HttpErrors.midResponse(provider, e) : HttpErrors.fromIo(provider, e));
    }

    EventSourceListener sseListener() {
      return new EventSourceListener() {
        @Override
        public void onEvent(EventSource eventSource, String id, String type, String data) {
          if (!onData(type, data)) {
            eventSource.cancel(); // the answer is whole, or failed: stop reading
          }
        }

        @Override
        public void onClosed(EventSource eventSource) {
          onEnd();
        }

        @Override
        public void onFailure(EventSource eventSource, Throwable t, Response response) {
          if (!relay.open()) {
            return;
          }
          if (response != null && !response.isSuccessful()) {
            String body;
            try {
              body = response.body().string();
            } catch (IOException | IllegalStateException unreadable) {
              body = null;
            }
            onHttpError(response, body);
          } else if (t instanceof IOException io) {
            onIoFailure(io, response != null);
          } else {
            relay.fail(new ProviderUnavailableException(provider + " stream failed: " + (t == null
                ? "unknown failure" : t.getMessage()), response == null ? 0 : response.code(), null, t));
          }
        }
      };
    }

    BodyStreamCall.Listener itemsListener() {
      return new BodyStreamCall.Listener() {
        @Override
        public void onHttpError(Response response, String body) {
          StreamCall.this.onHttpError(response, body);
        }

        @Override
        public boolean onItem(String type, String data) {
          return onData(type, data);
        }

        @Override
        public void onEnd() {
          StreamCall.this.onEnd();
        }

        @Override
        public void onFailure(IOException e, boolean midResponse) {
          onIoFailure(e, midResponse);
        }
      };
    }

    @Override
    public void cancel() {
      relay.cancel();
    }
  }
}
