package dev.llmrouter.api;

import java.util.Map;
import java.util.Objects;

/**
 * A function the model may call.
 *
 * @param parameters the JSON schema of the arguments object, as JSON-like values
 * @param strict     OpenAI's structured-outputs flag, or null
 */
public record Tool(String name, String description, Map<String, Object> parameters, Boolean strict,
                   CacheControl cacheControl) {
  public Tool {
    Objects.requireNonNull(name, "name");
    parameters = Json.copyObject(parameters);
  }

  public Tool(String name, String description, Map<String, Object> parameters) {
    this(name, description, parameters, null, null);
  }
}
