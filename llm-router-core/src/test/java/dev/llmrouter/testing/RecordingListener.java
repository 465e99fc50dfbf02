package dev.llmrouter.testing;

import dev.llmrouter.RouterListener;
import dev.llmrouter.api.ChatRequest;
import dev.llmrouter.api.ChatResponse;
import dev.llmrouter.api.LlmException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** Writes each listener event as a line, e.g. {@code "attemptFailed a 1 ProviderUnavailableException"}. */
public final class RecordingListener implements RouterListener {
  public final List<String> events = new CopyOnWriteArrayList<>();

  @Override
  public void callStart(String callId, ChatRequest request) {
    events.add("callStart " + request.model());
  }

  @Override
  public void cacheHit(String callId, ChatRequest request) {
    events.add("cacheHit");
  }

  @Override
  public void attemptStart(String callId, String deploymentId, int attempt) {
    events.add("attemptStart " + deploymentId + " " + attempt);
  }

  @Override
  public void attemptSucceeded(String callId, String deploymentId, int attempt, Duration elapsed) {
    events.add("attemptSucceeded " + deploymentId + " " + attempt);
  }

  @Override
  public void attemptFailed(String callId, String deploymentId, int attempt, LlmException error, Duration elapsed) {
    events.add("attemptFailed " + deploymentId + " " + attempt + " " + error.getClass().getSimpleName());
  }

  @Override
  public void fallback(String callId, String fromAlias, String toAlias, LlmException cause) {
    events.add("fallback " + fromAlias + " -> " + toAlias);
  }

  @Override
  public void callEnd(String callId, ChatResponse response, Throwable error) {
    events.add("callEnd " + (error == null ? "ok" : error.getClass().getSimpleName()));
  }
}
