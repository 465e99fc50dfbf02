package dev.llmrouter.api;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * A request exactly as its caller sent it, for a provider that speaks the same {@link Dialect}: that provider sends
 * {@code body} on (only the model id replaced) with {@code headers}, so nothing the API records don't model is lost.
 * Any other provider works from the typed fields of the {@link ChatRequest}.
 *
 * @param body    the decoded JSON body (ordered maps, lists, strings, {@code Long}/{@code Double}, booleans, null)
 * @param headers the caller's headers of that dialect to forward (Anthropic's {@code anthropic-*}), lower-case names
 */
public record NativeRequest(Dialect dialect, Map<String, Object> body, Map<String, String> headers) {
  public NativeRequest {
    Objects.requireNonNull(dialect, "dialect");
    body = Collections.unmodifiableMap(new LinkedHashMap<>(Objects.requireNonNull(body, "body")));
    headers = headers == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(headers));
  }
}
