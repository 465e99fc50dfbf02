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
    this.listeners = List.copyOf(listeners);
  }

  @Override
  public void callStart(String callId, ChatRequest request) {
    for (RouterListener l : listeners) {
      try {
        l.callStart(callId, request);
      } catch (RuntimeException e) {
        SafeListener.ignored("callStart", e);
      }
    }
  }

  @Override
  public void cacheHit(String callId, ChatRequest request) {
    for (RouterListener l : listeners) {
      try {
        l.cacheHit(callId, request);
      } catch (RuntimeException e) {
        SafeListener.ignored("cacheHit", e);
      }
    }
  }

  @Override
  public void cacheMiss(String callId, ChatRequest request) {
    for (RouterListener l : listeners) {
      try {
        l.cacheMiss(callId, request);
      } catch (RuntimeException e) {
        SafeListener.ignored("cacheMiss", e);
      }
    }
  }

  @Override
  public void attemptStart(String callId, String deploymentId, int attempt) {
    for (RouterListener l : listeners) {
      try {
        l.attemptStart(callId, deploymentId, attempt);
      } catch (RuntimeException e) {
        SafeListener.ignored("attemptStart", e);
      }
    }
  }

  @Override
  public void attemptSucceeded(String callId, String deploymentId, int attempt, Duration elapsed) {
    for (RouterListener l : listeners) {
      try {
        l.attemptSucceeded(callId, deploymentId, attempt, elapsed);
      } catch (RuntimeException e) {
        SafeListener.ignored("attemptSucceeded", e);
      }
    }
  }

  @Override
  public void attemptFailed(String callId, String deploymentId, int attempt, LlmException error, Duration elapsed) {
    for (RouterListener l : listeners) {
      try {
        l.attemptFailed(callId, deploymentId, attempt, error, elapsed);
      } catch (RuntimeException e) {
        SafeListener.ignored("attemptFailed", e);
      }
    }
  }

  @Override
  public void fallback(String callId, String fromAlias, String toAlias, LlmException cause) {
    for (RouterListener l : listeners) {
      try {
        l.fallback(callId, fromAlias, toAlias, cause);
      } catch (RuntimeException e) {
        SafeListener.ignored("fallback", e);
      }
    }
  }

  @Override
  public void callRecorded(SpendRecord record, Throwable error) {
    for (RouterListener l : listeners) {
      try {
        l.callRecorded(record, error);
      } catch (RuntimeException e) {
        SafeListener.ignored("callRecorded", e);
      }
    }
  }

  @Override
  public void callEnd(String callId, ChatResponse response, Throwable error) {
    for (RouterListener l : listeners) {
      try {
        l.callEnd(callId, response, error);
      } catch (RuntimeException e) {
        SafeListener.ignored("callEnd", e);
      }
    }
  }
}
