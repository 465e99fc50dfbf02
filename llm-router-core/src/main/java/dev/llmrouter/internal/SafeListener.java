package dev.llmrouter.internal;

import dev.llmrouter.RouterListener;
import dev.llmrouter.api.ChatRequest;
import dev.llmrouter.api.ChatResponse;
import dev.llmrouter.api.LlmException;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Calls the user's listener; anything it throws is logged and swallowed. */
public final class SafeListener implements RouterListener {
  private static final Logger LOG = LoggerFactory.getLogger(SafeListener.class);
  private final RouterListener delegate;

  public SafeListener(RouterListener delegate) {
    this.delegate = delegate;
  }

  /** Per event a plain try: no lambda allocated on a call's path. */
  static void ignored(String event, RuntimeException e) {
    LOG.warn("RouterListener.{} threw; ignored", event, e);
  }

  @Override
  public void callStart(String callId, ChatRequest request) {
    try {
      delegate.callStart(callId, request);
    } catch (RuntimeException e) {
      ignored("callStart", e);
    }
  }

  @Override
  public void cacheHit(String callId, ChatRequest request) {
    try {
      delegate.cacheHit(callId, request);
    } catch (RuntimeException e) {
      ignored("cacheHit", e);
    }
  }

  @Override
  public void cacheMiss(String callId, ChatRequest request) {
    try {
      delegate.cacheMiss(callId, request);
    } catch (RuntimeException e) {
      ignored("cacheMiss", e);
    }
  }

  @Override
  public void attemptStart(String callId, String deploymentId, int attempt) {
    try {
      delegate.attemptStart(callId, deploymentId, attempt);
    } catch (RuntimeException e) {
      ignored("attemptStart", e);
    }
  }

  @Override
  public void attemptSucceeded(String callId, String deploymentId, int attempt, Duration elapsed) {
    try {
      delegate.attemptSucceeded(callId, deploymentId, attempt, elapsed);
    } catch (RuntimeException e) {
      ignored("attemptSucceeded", e);
    }
  }

  @Override
  public void attemptFailed(String callId, String deploymentId, int attempt, LlmException error, Duration elapsed) {
    try {
      delegate.attemptFailed(callId, deploymentId, attempt, error, elapsed);
    } catch (RuntimeException e) {
      ignored("attemptFailed", e);
    }
  }

  @Override
  public void fallback(String callId, String fromAlias, String toAlias, LlmException cause) {
    try {
      delegate.fallback(callId, fromAlias, toAlias, cause);
    } catch (RuntimeException e) {
      ignored("fallback", e);
    }
  }

  @Override
  public void callRecorded(dev.llmrouter.spi.state.SpendRecord record, Throwable error) {
    try {
      delegate.callRecorded(record, error);
    } catch (RuntimeException e) {
      ignored("callRecorded", e);
    }
  }

  @Override
  public void callEnd(String callId, ChatResponse response, Throwable error) {
    try {
      delegate.callEnd(callId, response, error);
    } catch (RuntimeException e) {
      ignored("callEnd", e);
    }
  }
}
