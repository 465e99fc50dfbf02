package dev.llmrouter.providers.internal;

import dev.llmrouter.api.ChatResponse;
import dev.llmrouter.api.LlmException;
import dev.llmrouter.api.ProviderUnavailableException;
import dev.llmrouter.api.StreamEvent;
import dev.llmrouter.api.StreamListener;

/**
 * Between a provider's stream reader and a caller of {@code streamBlocking}: events go on to the caller, the end
 * is kept for {@link #result}, all on the reading thread.
 */
public final class StreamOutcome implements StreamListener {
  private final StreamListener events;
  private ChatResponse response;
  private LlmException error;

  public StreamOutcome(StreamListener events) {
    this.events = events;
  }

  @Override
  public void onEvent(StreamEvent event) {
    events.onEvent(event);
  }

  @Override
  public void onComplete(ChatResponse r) {
    response = r;
  }

  @Override
  public void onError(LlmException e) {
    error = e;
  }

  /** The answer, or the error that ended the stream. */
  public ChatResponse result(String provider) {
    if (error != null) {
      throw error;
    }
    if (response == null) {
      throw new ProviderUnavailableException(provider + "'s stream ended without an answer or an error");
    }
    return response;
  }
}
