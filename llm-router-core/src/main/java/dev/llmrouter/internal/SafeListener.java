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

  private void guard(String event, Runnable r) {
    try {
      r.run();
    } catch (RuntimeException e) {
      LOG.warn("RouterListener.{} threw; ignored", event, e);
    }
  }

  @Override
  public void callStart(String callId, ChatRequest request) {
    guard("callStart", () -> delegate.callStart(callId, request));
  }

  @Override
  public void cacheHit(String callId, ChatRequest request) {
    guard("cacheHit", () -> delegate.cacheHit(callId, request));
  }

  @Override
  public void cacheMiss(String callId, ChatRequest request) {
    guard("cacheMiss", () -> delegate.cacheMiss(callId, request));
  }

  @Override
  public void attemptStart(String callId, String deploymentId, int attempt) {
    guard("attemptStart", () -> delegate.attemptStart(callId, deploymentId, attempt));
  }

  @Override
  public void attemptSucceeded(String callId, String deploymentId, int attempt, Duration elapsed) {
    guard("attemptSucceeded", () -> delegate.attemptSucceeded(callId, deploymentId, attempt, elapsed));
  }

  @Override
  public void attemptFailed(String callId, String deploymentId, int attempt, LlmException error, Duration elapsed) {
    guard("attemptFailed", () -> delegate.attemptFailed(callId, deploymentId, attempt, error, elapsed));
  }

  @Override
  public void fallback(String callId, String fromAlias, String toAlias, LlmException cause) {
    guard("fallback", () -> delegate.fallback(callId, fromAlias, toAlias, cause));
  }

  @Override
  public void callRecorded(dev.llmrouter.spi.state.SpendRecord record, Throwable error) {
    guard("callRecorded", () -> delegate.callRecorded(record, error));
  }

  @Override
  public void callEnd(String callId, ChatResponse response, Throwable error) {
    guard("callEnd", () -> delegate.callEnd(callId, response, error));
  }
}
