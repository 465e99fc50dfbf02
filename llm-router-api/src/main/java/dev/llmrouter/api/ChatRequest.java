package dev.llmrouter.api;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A chat call, rich enough to carry an OpenAI Chat Completions request or an Anthropic Messages request
 * without loss.
 *
 * @param model             the alias ({@code model_name}) to route to; providers receive their own model id here
 * @param system            Anthropic-style system blocks; OpenAI system/developer messages stay in {@code messages}
 * @param maxTokens         the output token limit, or null for the provider default
 * @param metadata          Anthropic's {@code metadata} / OpenAI's {@code metadata}, string values only
 * @param extra             top-level fields of {@code dialect} the records don't model, passed through untouched to a
 *                          provider of that dialect (JSON-like values); for any other provider the router drops them
 *                          under {@code drop_params} or refuses the call with a 400 naming them
 * @param options           how the router treats this call (cache use, timeout, who is calling); never sent upstream
 * @param dialect           the wire format {@code extra} (and {@code nativeRequest}) belong to; {@link Dialect#OPENAI}
 *                          unless said otherwise
 * @param nativeRequest     the request as the caller sent it, or null; kept only while the typed fields still say
 *                          the same: a builder that changes any of them drops it
 * @param embedding         set for an embedding call ({@code Router.embed}), null for a chat call: the pipeline
 *                          carries both, so tenancy, limits, budgets, the cache, routing, retries and costing apply
 *                          to embeddings as they do to chat
 */
public record ChatRequest(
    String model,
    List<ContentBlock> system,
    List<Message> messages,
    List<Tool> tools,
    ToolChoice toolChoice,
    Boolean parallelToolCalls,
    Double temperature,
    Double topP,
    Integer topK,
    Integer maxTokens,
    List<String> stop,
    Long seed,
    ResponseFormat responseFormat,
    Reasoning reasoning,
    String user,
    Map<String, String> metadata,
    Map<String, Object> extra,
    CallOptions options,
    Dialect dialect,
    NativeRequest nativeRequest,
    EmbeddingInput embedding) {

  /** A chat call: no embedding input. */
  public ChatRequest(String model, List<ContentBlock> system, List<Message> messages, List<Tool> tools,
                     ToolChoice toolChoice, Boolean parallelToolCalls, Double temperature, Double topP, Integer topK,
                     Integer maxTokens, List<String> stop, Long seed, ResponseFormat responseFormat,
                     Reasoning reasoning, String user, Map<String, String> metadata, Map<String, Object> extra,
                     CallOptions options, Dialect dialect, NativeRequest nativeRequest) {
    this(model, system, messages, tools, toolChoice, parallelToolCalls, temperature, topP, topK, maxTokens, stop, seed,
        responseFormat, reasoning, user, metadata, extra, options, dialect, nativeRequest, null);
  }

  /**
   * What an embedding call embeds.
   *
   * @param input      the texts, one vector each, in order
   * @param dimensions the vectors' length where the model can shorten them, or null for its own
   */
  public record EmbeddingInput(List<String> input, Integer dimensions) {
    public EmbeddingInput {
      input = List.copyOf(input);
      if (input.isEmpty()) {
        throw new IllegalArgumentException("an embedding call needs at least one input");
      }
    }
  }

  /** An embedding call of {@code input} by the model {@code model} names. */
  public static ChatRequest ofEmbedding(String model, List<String> input, Integer dimensions, String user,
                                        CallOptions options) {
    return new ChatRequest(model, null, null, null, null, null, null, null, null, null, null, null, null, null, user,
        null, null, options, null, null, new EmbeddingInput(input, dimensions));
  }

  public ChatRequest {
    Objects.requireNonNull(model, "model");
    system = List.copyOf(system == null ? List.of() : system);
    messages = List.copyOf(messages == null ? List.of() : messages);
    tools = List.copyOf(tools == null ? List.of() : tools);
    stop = List.copyOf(stop == null ? List.of() : stop);
    metadata = metadata == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(metadata));
    extra = Json.copyObject(extra);
    options = options == null ? CallOptions.DEFAULT : options;
    dialect = dialect == null ? Dialect.OPENAI : dialect;
    if (nativeRequest != null && nativeRequest.dialect() != dialect) {
      throw new IllegalArgumentException("the native request is " + nativeRequest.dialect() + ", the request "
          + dialect);
    }
  }

  public static Builder builder() {
    return new Builder();
  }

  public static Builder builder(String model) {
    return new Builder().model(model);
  }

  /** A builder holding this request's values. */
  public Builder toBuilder() {
    Builder b = new Builder();
    b.model = model;
    b.system.addAll(system);
    b.messages.addAll(messages);
    b.tools.addAll(tools);
    b.toolChoice = toolChoice;
    b.parallelToolCalls = parallelToolCalls;
    b.temperature = temperature;
    b.topP = topP;
    b.topK = topK;
    b.maxTokens = maxTokens;
    b.stop.addAll(stop);
    b.seed = seed;
    b.responseFormat = responseFormat;
    b.reasoning = reasoning;
    b.user = user;
    b.metadata.putAll(metadata);
    b.extra.putAll(extra);
    b.options = options;
    b.dialect = dialect;
    b.nativeRequest = nativeRequest;
    b.embedding = embedding;
    b.changed = false;
    return b;
  }

  /** The same request aimed at another model id. Cheap: the immutable lists are shared, not copied. */
  public ChatRequest withModel(String newModel) {
    return new ChatRequest(newModel, system, messages, tools, toolChoice, parallelToolCalls, temperature, topP, topK,
        maxTokens, stop, seed, responseFormat, reasoning, user, metadata, extra, options, dialect, nativeRequest,
        embedding);
  }

  /** The same request with another output token limit; the native request, which says otherwise, is dropped. */
  public ChatRequest withMaxTokens(Integer newMaxTokens) {
    return new ChatRequest(model, system, messages, tools, toolChoice, parallelToolCalls, temperature, topP, topK,
        newMaxTokens, stop, seed, responseFormat, reasoning, user, metadata, extra, options, dialect,
        java.util.Objects.equals(newMaxTokens, maxTokens) ? nativeRequest : null, embedding);
  }

  /**
   * The same request with other extra fields. The native request is kept: only a provider of its dialect reads it, and
   * for that provider the extra fields are its own.
   */
  public ChatRequest withExtra(Map<String, Object> newExtra) {
    return new ChatRequest(model, system, messages, tools, toolChoice, parallelToolCalls, temperature, topP, topK,
        maxTokens, stop, seed, responseFormat, reasoning, user, metadata, newExtra, options, dialect, nativeRequest,
        embedding);
  }

  /** The same request with other call options. Cheap, like {@link #withModel}. */
  public ChatRequest withOptions(CallOptions newOptions) {
    return new ChatRequest(model, system, messages, tools, toolChoice, parallelToolCalls, temperature, topP, topK,
        maxTokens, stop, seed, responseFormat, reasoning, user, metadata, extra, newOptions, dialect, nativeRequest,
        embedding);
  }

  /**
   * Per-call router options. They are never sent upstream.
   *
   * @param cache       how this call uses the response cache ({@link CacheUse#DEFAULT}: read it, write it, the
   *                    configured time to live)
   * @param timeout     overall timeout for this call, or null for the configured one; the router hands each
   *                    blocking attempt what is left of it, and a provider must not wait longer than that
   * @param principal   who is calling, for the tenant's models, limits and budgets; null for a trusted caller
   *                    (the application itself, or the proxy's master key), whom only gateway-wide limits bind
   * @param origin      where the call came in, for metrics and the audit log ({@link Origin#LIBRARY} unless said)
   */
  public record CallOptions(CacheUse cache, Duration timeout, Principal principal, Origin origin) {
    public static final CallOptions DEFAULT = new CallOptions(CacheUse.DEFAULT, null, null, Origin.LIBRARY);

    public CallOptions {
      cache = cache == null ? CacheUse.DEFAULT : cache;
      origin = origin == null ? Origin.LIBRARY : origin;
    }

    public CallOptions(CacheUse cache, Duration timeout, Principal principal) {
      this(cache, timeout, principal, Origin.LIBRARY);
    }

    public CallOptions(boolean bypassCache, Duration timeout, Principal principal) {
      this(bypassCache ? CacheUse.BYPASS : CacheUse.DEFAULT, timeout, principal);
    }

    public CallOptions(boolean bypassCache, Duration timeout) {
      this(bypassCache, timeout, null);
    }

    /** Whether the call neither reads nor writes the response cache. */
    public boolean bypassCache() {
      return cache.noCache() && cache.noStore();
    }

    /** These options with another principal. */
    public CallOptions withPrincipal(Principal newPrincipal) {
      return new CallOptions(cache, timeout, newPrincipal, origin);
    }

    /** These options with another timeout. */
    public CallOptions withTimeout(Duration newTimeout) {
      return new CallOptions(cache, newTimeout, principal, origin);
    }

    /** These options with another origin. */
    public CallOptions withOrigin(Origin newOrigin) {
      return new CallOptions(cache, timeout, principal, newOrigin);
    }
  }

  /**
   * One call's use of the response cache, as LiteLLM's per-request {@code cache} object says it:
   * {@code {"no-cache": true}} does not read it, {@code {"no-store": true}} does not write it,
   * {@code {"ttl": 60}} keeps this answer 60 s, {@code {"s-maxage": 10}} takes only an answer at most 10 s old.
   *
   * @param ttl    how long to keep this call's answer, or null for the configured time
   * @param maxAge the oldest cached answer this call takes, or null for any
   */
  public record CacheUse(boolean noCache, boolean noStore, Duration ttl, Duration maxAge) {
    public static final CacheUse DEFAULT = new CacheUse(false, false, null, null);
    public static final CacheUse BYPASS = new CacheUse(true, true, null, null);

    public CacheUse {
      if (ttl != null && (ttl.isNegative() || ttl.isZero())) {
        throw new IllegalArgumentException("cache ttl must be positive, got " + ttl);
      }
      if (maxAge != null && maxAge.isNegative()) {
        throw new IllegalArgumentException("cache s-maxage must not be negative, got " + maxAge);
      }
    }
  }

  /** Collects a request's fields; {@link #build()} copies them, so later changes don't leak in. */
  public static final class Builder {
    private String model;
    private final List<ContentBlock> system = new ArrayList<>();
    private final List<Message> messages = new ArrayList<>();
    private final List<Tool> tools = new ArrayList<>();
    private ToolChoice toolChoice;
    private Boolean parallelToolCalls;
    private Double temperature;
    private Double topP;
    private Integer topK;
    private Integer maxTokens;
    private final List<String> stop = new ArrayList<>();
    private Long seed;
    private ResponseFormat responseFormat;
    private Reasoning reasoning;
    private String user;
    private final Map<String, String> metadata = new LinkedHashMap<>();
    private final Map<String, Object> extra = new LinkedHashMap<>();
    private CallOptions options = CallOptions.DEFAULT;
    private Dialect dialect = Dialect.OPENAI;
    private NativeRequest nativeRequest;
    private EmbeddingInput embedding;
    private boolean changed; // a typed field was set after the native request: it no longer says the same

    private Builder() {}

    private Builder change() {
      changed = true;
      return this;
    }

    public Builder model(String model) {
      this.model = model;
      return this;
    }

    public Builder system(String text) {
      this.system.add(new ContentBlock.Text(text));
      return change();
    }

    public Builder systemBlocks(List<ContentBlock> blocks) {
      this.system.clear();
      this.system.addAll(blocks);
      return change();
    }

    public Builder addMessage(Message message) {
      this.messages.add(message);
      return change();
    }

    public Builder user(String text) {
      return addMessage(Message.user(text));
    }

    public Builder messages(List<Message> messages) {
      this.messages.clear();
      this.messages.addAll(messages);
      return change();
    }

    public Builder addTool(Tool tool) {
      this.tools.add(tool);
      return change();
    }

    public Builder tools(List<Tool> tools) {
      this.tools.clear();
      this.tools.addAll(tools);
      return change();
    }

    public Builder toolChoice(ToolChoice toolChoice) {
      this.toolChoice = toolChoice;
      return change();
    }

    public Builder parallelToolCalls(Boolean parallelToolCalls) {
      this.parallelToolCalls = parallelToolCalls;
      return change();
    }

    public Builder temperature(Double temperature) {
      this.temperature = temperature;
      return change();
    }

    public Builder topP(Double topP) {
      this.topP = topP;
      return change();
    }

    public Builder topK(Integer topK) {
      this.topK = topK;
      return change();
    }

    public Builder maxTokens(Integer maxTokens) {
      this.maxTokens = maxTokens;
      return change();
    }

    public Builder stop(List<String> stop) {
      this.stop.clear();
      this.stop.addAll(stop);
      return change();
    }

    public Builder seed(Long seed) {
      this.seed = seed;
      return change();
    }

    public Builder responseFormat(ResponseFormat responseFormat) {
      this.responseFormat = responseFormat;
      return change();
    }

    public Builder reasoning(Reasoning reasoning) {
      this.reasoning = reasoning;
      return change();
    }

    public Builder endUser(String user) {
      this.user = user;
      return change();
    }

    public Builder metadata(Map<String, String> metadata) {
      this.metadata.clear();
      this.metadata.putAll(metadata);
      return change();
    }

    public Builder putExtra(String name, Object value) {
      this.extra.put(name, value);
      return change();
    }

    public Builder extra(Map<String, Object> extra) {
      this.extra.clear();
      this.extra.putAll(extra);
      return change();
    }

    public Builder options(CallOptions options) {
      this.options = options;
      return this;
    }

    public Builder bypassCache(boolean bypass) {
      this.options = new CallOptions(bypass ? CacheUse.BYPASS : CacheUse.DEFAULT, options.timeout(),
          options.principal(), options.origin());
      return this;
    }

    /** How this call uses the response cache (LiteLLM's per-request {@code cache} controls). */
    public Builder cache(CacheUse cache) {
      this.options = new CallOptions(cache, options.timeout(), options.principal(), options.origin());
      return this;
    }

    public Builder timeout(Duration timeout) {
      this.options = options.withTimeout(timeout);
      return this;
    }

    /** Who is calling: the tenant whose models, limits and budgets apply (see {@link CallOptions#principal()}). */
    public Builder principal(Principal principal) {
      this.options = options.withPrincipal(principal);
      return this;
    }

    /** The dialect of {@link #extra}; {@link Dialect#OPENAI} by default. */
    public Builder dialect(Dialect dialect) {
      this.dialect = dialect;
      return this;
    }

    /** The request as the caller sent it; set it after the typed fields, which must say the same. */
    public Builder nativeRequest(NativeRequest nativeRequest) {
      this.nativeRequest = nativeRequest;
      this.changed = false;
      if (nativeRequest != null) {
        this.dialect = nativeRequest.dialect();
      }
      return this;
    }

    public ChatRequest build() {
      return new ChatRequest(model, system, messages, tools, toolChoice, parallelToolCalls, temperature, topP, topK,
          maxTokens, stop, seed, responseFormat, reasoning, user, metadata, extra, options, dialect,
          changed ? null : nativeRequest, embedding);
    }
  }
}
