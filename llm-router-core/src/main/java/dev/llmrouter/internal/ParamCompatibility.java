package dev.llmrouter.internal;

import dev.llmrouter.api.ChatRequest;
import dev.llmrouter.api.ChatResponse;
import dev.llmrouter.api.ContentBlock;
import dev.llmrouter.api.Dialect;
import dev.llmrouter.api.Message;
import dev.llmrouter.api.UnsupportedParameterException;
import dev.llmrouter.api.spi.Capabilities;
import dev.llmrouter.config.RouterSettings;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Whether a call can go where it may be routed, from what each provider declares ({@link Capabilities}): every
 * deployment of the alias and of every alias its fallbacks can reach. Extra fields of the request's {@link Dialect}
 * are passed on only when all of them speak it; otherwise they are dropped with a warning under {@code drop_params},
 * else the call is refused with a 400 naming the first one. Tools, images and JSON mode are refused when none of them
 * takes them. Nothing here depends on the ingress: the proxy's two APIs and {@code Router.complete()} get the same rule.
 */
final class ParamCompatibility implements Interceptor {
  private static final Logger LOG = LoggerFactory.getLogger(ParamCompatibility.class);

  private final Map<String, List<Deployment>> groups;
  private final RouterSettings settings;
  private final ModelNames names;
  private final boolean dropParams;
  private final Map<String, Reach> reachByAlias = new ConcurrentHashMap<>();
  /** Aliases whose dropped parameters were logged at WARN: once each, then at DEBUG (not a line per call). */
  private final java.util.Set<String> warned = ConcurrentHashMap.newKeySet();

  ParamCompatibility(Map<String, List<Deployment>> groups, RouterSettings settings, ModelNames names,
                     boolean dropParams) {
    this.groups = groups;
    this.settings = settings;
    this.names = names;
    this.dropParams = dropParams;
  }

  @Override
  public ChatResponse intercept(Chain chain) {
    ChatRequest request = chain.request();
    String alias = names.resolve(request.model());
    if (alias == null) {
      return chain.proceed(request); // routing refuses an unknown model
    }
    Reach reach = reachByAlias.computeIfAbsent(alias, this::reach);
    if (!request.extra().isEmpty() && !reach.allSpeak.contains(request.dialect())) {
      if (dropParams) {
        if (warned.add(alias)) {
          LOG.warn("dropping parameters {} for model '{}': not every provider behind it or its fallbacks takes {} "
              + "parameters (drop_params: true); further drops for it are logged at DEBUG", request.extra().keySet(),
              request.model(), request.dialect());
        } else if (LOG.isDebugEnabled()) {
          LOG.debug("dropping parameters {} for model '{}' (drop_params: true)", request.extra().keySet(),
              request.model());
        }
        request = request.withExtra(Map.of());
      } else {
        String param = request.extra().keySet().iterator().next();
        throw new UnsupportedParameterException(param, "'" + param + "' is not supported by every provider that may "
            + "serve model '" + request.model() + "' (its fallbacks included). Remove it, or set "
            + "litellm_settings.drop_params: true to drop unsupported parameters.");
      }
    }
    if (!reach.tools && (!request.tools().isEmpty() || usesToolCalls(request.messages()))) {
      throw refused("tools", "tools", request.model());
    }
    if (!reach.vision && hasImages(request.messages())) {
      throw refused("messages", "images", request.model());
    }
    if (!reach.jsonMode && request.responseFormat() != null) {
      throw refused("response_format", "JSON mode (response_format)", request.model());
    }
    return chain.proceed(request);
  }

  private static UnsupportedParameterException refused(String param, String what, String model) {
    return new UnsupportedParameterException(param, "no provider that may serve model '" + model + "' takes " + what
        + ".");
  }

  private Reach reach(String alias) {
    Set<Dialect> allSpeak = EnumSet.allOf(Dialect.class);
    boolean tools = false;
    boolean vision = false;
    boolean json = false;
    List<Deployment> all = new ArrayList<>();
    for (String a : settings.reachableFrom(alias)) {
      all.addAll(groups.getOrDefault(a, List.of()));
    }
    for (Deployment d : all) {
      Capabilities c = d.capabilities();
      allSpeak.retainAll(c.dialects());
      tools |= c.tools();
      vision |= c.vision();
      json |= c.jsonMode();
    }
    return new Reach(all.isEmpty() ? Set.of() : Set.copyOf(allSpeak), tools, vision, json);
  }

  private static boolean usesToolCalls(List<Message> messages) {
    for (Message m : messages) {
      for (ContentBlock b : m.content()) {
        if (b instanceof ContentBlock.ToolCall || b instanceof ContentBlock.ToolResult) {
          return true;
        }
      }
    }
    return false;
  }

  private static boolean hasImages(List<Message> messages) {
    for (Message m : messages) {
      for (ContentBlock b : m.content()) {
        if (b instanceof ContentBlock.Image
            || b instanceof ContentBlock.ToolResult r && r.content().stream().anyMatch(ContentBlock.Image.class::isInstance)) {
          return true;
        }
      }
    }
    return false;
  }

  /** What every (dialects) or any (the rest) deployment an alias can reach accepts. */
  private record Reach(Set<Dialect> allSpeak, boolean tools, boolean vision, boolean jsonMode) {}
}
