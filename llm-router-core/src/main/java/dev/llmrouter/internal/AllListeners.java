package dev.llmrouter.internal;

import dev.llmrouter.RouterListener;
import dev.llmrouter.api.ChatRequest;
import dev.llmrouter.api.ChatResponse;
import dev.llmrouter.api.LlmException;
import dev.llmrouter.spi.state.SpendRecord;
import java.time.Duration;
import java.util.List;

/**
 * Several listeners as one ({@link RouterListener#all}): each event to each, in their order; one that throws does not
 * keep the event from the others.
 */
public final class AllListeners implements RouterListener {
  private final List<RouterListener> listeners;

  public AllListeners(List<RouterListener> listeners) {
    this.listeners = listeners.stream().<RouterListener>map(SafeListener::new).toList();
  }

  @Override
  public void callStart(String callId, ChatRequest request) {
    for (RouterListener l : listeners) {
      l.callStart(callId, request);
    }
  }

  @Override
  public void cacheHit(String callId, ChatRequest request) {
    for (RouterListener l : listeners) {
      l.cacheHit(callId, request);
    }
  }

  @Override
  public void cacheMiss(String callId, ChatRequest request) {
    for (RouterListener l : listeners) {
      l.cacheMiss(callId, request);
    }
  }

  @Override
  public void attemptStart(String callId, String deploymentId, int attempt) {
    for (RouterListener l : listeners) {
      l.attemptStart(callId, deploymentId, attempt);
    }
  }

  @Override
  public void attemptSucceeded(String callId, String deploymentId, int attempt, Duration elapsed) {
    for (RouterListener l : listeners) {
      l.attemptSucceeded(callId, deploymentId, attempt, elapsed);
    }
  }

  @Override
  public void attemptFailed(String callId, String deploymentId, int attempt, LlmException error, Duration elapsed) {
    for (RouterListener l : listeners) {
      l.attemptFailed(callId, deploymentId, attempt, error, elapsed);
    }
  }

  @Override
  public void fallback(String callId, String fromAlias, String toAlias, LlmException cause) {
    for (RouterListener l : listeners) {
      l.fallback(callId, fromAlias, toAlias, cause);
    }
  }

  @Override
  public void callRecorded(SpendRecord record, Throwable error) {
    for (RouterListener l : listeners) {
      l.callRecorded(record, error);
    }
  }

  @Override
  public void callEnd(String callId, ChatResponse response, Throwable error) {
    for (RouterListener l : listeners) {
      l.callEnd(callId, response, error);
    }
  }
}
