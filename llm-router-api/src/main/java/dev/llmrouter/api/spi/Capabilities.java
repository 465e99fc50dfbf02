package dev.llmrouter.api.spi;

import dev.llmrouter.api.Dialect;
import java.util.Set;

/**
 * What a provider's deployments accept, declared by its {@link ProviderFactory}. The router checks a call against it
 * before routing: a call that uses what no deployment able to serve it accepts is refused with a 400 naming it, and a
 * field of another {@link Dialect} ({@link dev.llmrouter.api.ChatRequest#extra()}) is passed only to providers of
 * that dialect (dropped under {@code drop_params}, else refused).
 *
 * @param dialects the wire formats whose extra fields the provider sends on as they are
 * @param tools    function tools and tool calls
 * @param vision   image input
 * @param jsonMode {@code response_format} (JSON object or JSON schema)
 */
public record Capabilities(Set<Dialect> dialects, boolean tools, boolean vision, boolean jsonMode) {
  public Capabilities {
    dialects = Set.copyOf(dialects);
  }

  /** A provider of {@code dialect} with tools, vision and JSON mode. */
  public static Capabilities full(Dialect dialect) {
    return new Capabilities(Set.of(dialect), true, true, true);
  }

}
