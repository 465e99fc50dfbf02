package dev.llmrouter.providers.openai;

import dev.llmrouter.api.spi.ProviderContext;
import dev.llmrouter.providers.internal.HttpTransport;
import dev.llmrouter.api.spi.DeploymentSettings;
import dev.llmrouter.api.spi.Provider;
import dev.llmrouter.api.spi.ProviderFactory;
import dev.llmrouter.providers.internal.OpenAiChatProvider;

/**
 * A factory for a server that speaks OpenAI's Chat Completions: only the id and the default base URL differ.
 * The nested classes are the known ones, each listed in {@code META-INF/services}; for any other server use
 * {@code openai_compatible/<model>} (or {@code custom_openai/<model>}) with an {@code api_base}.
 */
public abstract class OpenAiCompatibleFactory implements ProviderFactory {
  private final String id;
  private final String defaultBase;
  private final boolean ensureV1;

  /** @param defaultBase the base URL used when {@code api_base} is not set; null means it must be set */
  protected OpenAiCompatibleFactory(String id, String defaultBase) {
    this(id, defaultBase, false);
  }

  private OpenAiCompatibleFactory(String id, String defaultBase, boolean ensureV1) {
    this.id = id;
    this.defaultBase = defaultBase;
    this.ensureV1 = ensureV1;
  }

  @Override
  public final String id() {
    return id;
  }

  @Override
  public java.util.Set<String> parameters() {
    return OpenAiConfig.PARAMS;
  }

  /** OpenAI's dialect, tools, images and JSON mode (a server that lacks one answers the call with its own 400). */
  @Override
  public dev.llmrouter.api.spi.Capabilities capabilities() {
    return dev.llmrouter.api.spi.Capabilities.full(dev.llmrouter.api.Dialect.OPENAI);
  }

  @Override
  public Provider create(DeploymentSettings settings) {
    return new OpenAiChatProvider(OpenAiConfig.from(settings, baseUrl(settings)).endpoint(), settings);
  }

  @Override
  public Provider create(DeploymentSettings settings, ProviderContext context) {
    return new OpenAiChatProvider(OpenAiConfig.from(settings, baseUrl(settings)).endpoint(), settings,
        java.time.Clock.systemUTC(), HttpTransport.of(context));
  }

  /** The configured {@code api_base} (with {@code /v1} added where the server needs it), else the default. */
  final String baseUrl(DeploymentSettings settings) {
    String base = settings.apiBase();
    if (base == null || base.isBlank()) {
      if (defaultBase == null) {
        throw new IllegalArgumentException(settings.deploymentId() + ": provider " + id
            + " has no default address; set api_base (e.g. http://localhost:8000/v1)");
      }
      return defaultBase;
    }
    base = base.strip();
    while (base.endsWith("/")) {
      base = base.substring(0, base.length() - 1);
    }
    return ensureV1 && !base.endsWith("/v1") ? base + "/v1" : base;
  }

  /** {@code openrouter/<model>}. */
  public static final class OpenRouter extends OpenAiCompatibleFactory {
    public OpenRouter() {
      super("openrouter", "https://openrouter.ai/api/v1");
    }
  }

  /** {@code ollama/<model>}: Ollama's OpenAI-compatible endpoint; {@code /v1} is added to a bare api_base. */
  public static final class Ollama extends OpenAiCompatibleFactory {
    public Ollama() {
      super("ollama", "http://localhost:11434/v1", true);
    }
  }

  public static final class Groq extends OpenAiCompatibleFactory {
    public Groq() {
      super("groq", "https://api.groq.com/openai/v1");
    }
  }

  public static final class DeepSeek extends OpenAiCompatibleFactory {
    public DeepSeek() {
      super("deepseek", "https://api.deepseek.com/v1");
    }
  }

  public static final class Mistral extends OpenAiCompatibleFactory {
    public Mistral() {
      super("mistral", "https://api.mistral.ai/v1");
    }
  }

  public static final class TogetherAi extends OpenAiCompatibleFactory {
    public TogetherAi() {
      super("together_ai", "https://api.together.xyz/v1");
    }
  }

  public static final class FireworksAi extends OpenAiCompatibleFactory {
    public FireworksAi() {
      super("fireworks_ai", "https://api.fireworks.ai/inference/v1");
    }
  }

  /** {@code hosted_vllm/<model>}: api_base is required. */
  public static final class HostedVllm extends OpenAiCompatibleFactory {
    public HostedVllm() {
      super("hosted_vllm", null);
    }
  }

  /** {@code vllm/<model>}: api_base is required. */
  public static final class Vllm extends OpenAiCompatibleFactory {
    public Vllm() {
      super("vllm", null);
    }
  }

  public static final class LmStudio extends OpenAiCompatibleFactory {
    public LmStudio() {
      super("lm_studio", "http://localhost:1234/v1");
    }
  }

  /** {@code openai_compatible/<model>}: any OpenAI-compatible server; api_base is required. */
  public static final class OpenAiCompatible extends OpenAiCompatibleFactory {
    public OpenAiCompatible() {
      super("openai_compatible", null);
    }
  }

  /** {@code custom_openai/<model>}: the same as {@code openai_compatible}. */
  public static final class CustomOpenAi extends OpenAiCompatibleFactory {
    public CustomOpenAi() {
      super("custom_openai", null);
    }
  }
}
