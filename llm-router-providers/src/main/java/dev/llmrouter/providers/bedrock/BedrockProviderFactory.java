package dev.llmrouter.providers.bedrock;

import dev.llmrouter.api.spi.ProviderContext;
import dev.llmrouter.api.spi.Capabilities;
import dev.llmrouter.api.spi.DeploymentSettings;
import dev.llmrouter.api.spi.Provider;
import dev.llmrouter.api.spi.ProviderFactory;
import dev.llmrouter.api.spi.Secret;
import dev.llmrouter.providers.anthropic.AnthropicProviderFactory;
import dev.llmrouter.providers.internal.HttpChatProvider;
import dev.llmrouter.providers.internal.HttpTransport;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Set;

/**
 * {@code bedrock/<model id>}: Amazon Bedrock. Claude models ({@code anthropic.claude-...}, and inference profiles
 * such as {@code us.anthropic.claude-...}) get Anthropic's Messages body through {@code InvokeModel} (with
 * its betas by a documented rule), so that Claude Code's requests reach Claude on Bedrock as they would reach
 * Anthropic; every other model, and {@code bedrock/converse/<id>}, the Converse API. Requests go to
 * {@code https://bedrock-runtime.<region>.amazonaws.com} unless
 * {@code api_base} says otherwise, with LiteLLM's parameters: {@code aws_region_name} (required),
 * {@code aws_access_key_id} and {@code aws_secret_access_key} (required; e.g. {@code os.environ/AWS_ACCESS_KEY_ID}),
 * {@code aws_session_token} (temporary credentials). Requests are signed with SigV4 by the AWS SDK's signer; the
 * stream is AWS's event-stream, decoded by the SDK's decoder. Needs {@code software.amazon.awssdk:http-auth-aws}
 * and {@code software.amazon.awssdk:eventstream} on the class path (the proxy has them). An inference profile id
 * ({@code us.anthropic.claude-...}) or a model ARN is a model id like any other.
 */
public final class BedrockProviderFactory implements ProviderFactory {
  private static final Set<String> PARAMS = Set.of("aws_region_name", "aws_access_key_id", "aws_secret_access_key",
      "aws_session_token", "anthropic_beta");

  @Override
  public String id() {
    return "bedrock";
  }

  @Override
  public Set<String> parameters() {
    return PARAMS;
  }

  /** Tools and base64 images; no JSON mode (Converse has none) and no other dialect's fields. */
  @Override
  public Capabilities capabilities() {
    return new Capabilities(Set.of(), true, true, false);
  }

  /** A Claude model takes what Anthropic's API takes: its own fields, and JSON mode as Anthropic's provider does it. */
  @Override
  public Capabilities capabilities(DeploymentSettings settings) {
    return anthropicFormat(settings.model()) ? Capabilities.full(dev.llmrouter.api.Dialect.ANTHROPIC) : capabilities();
  }

  /** The model id without LiteLLM's route ({@code converse/}, {@code invoke/}). */
  private static String modelId(String model) {
    return model.startsWith("converse/") || model.startsWith("invoke/") ? model.substring(model.indexOf('/') + 1)
        : model;
  }

  /** Whether the model is Claude, served in Anthropic's format unless {@code converse/} asks for Converse. */
  private static boolean anthropicFormat(String model) {
    return !model.startsWith("converse/") && BedrockClaude.isClaude(modelId(model));
  }

  @Override
  public Provider create(DeploymentSettings settings) {
    return create(settings, Clock.systemUTC(), new HttpTransport());
  }

  @Override
  public Provider create(DeploymentSettings settings, ProviderContext context) {
    return create(settings, Clock.systemUTC(), HttpTransport.of(context));
  }

  /** With the clock the signatures are dated by. */
  Provider create(DeploymentSettings settings, Clock clock) {
    return create(settings, clock, new HttpTransport());
  }

  private Provider create(DeploymentSettings settings, Clock clock, HttpTransport transport) {
    String region = string(settings, "aws_region_name");
    if (region == null) {
      throw new IllegalArgumentException(settings.deploymentId() + ": bedrock needs aws_region_name (e.g. us-east-1)");
    }
    Secret keyId = secret(settings, "aws_access_key_id");
    Secret secretKey = secret(settings, "aws_secret_access_key");
    if (keyId == null || secretKey == null) {
      throw new IllegalArgumentException(settings.deploymentId() + ": bedrock needs aws_access_key_id and "
          + "aws_secret_access_key (e.g. os.environ/AWS_ACCESS_KEY_ID and os.environ/AWS_SECRET_ACCESS_KEY)");
    }
    try {
      Class.forName("software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner", false,
          getClass().getClassLoader());
      Class.forName("software.amazon.awssdk.eventstream.MessageDecoder", false, getClass().getClassLoader());
    } catch (ClassNotFoundException | LinkageError missing) {
      throw new IllegalArgumentException(settings.deploymentId() + ": bedrock needs the AWS SDK's signer and "
          + "event-stream decoder on the class path (software.amazon.awssdk:http-auth-aws and :eventstream)");
    }
    String model = modelId(settings.model());
    String base = settings.apiBase() == null || settings.apiBase().isBlank()
        ? "https://bedrock-runtime." + region + ".amazonaws.com" : settings.apiBase().strip();
    while (base.endsWith("/")) {
      base = base.substring(0, base.length() - 1);
    }
    String modelUrl = base + "/model/" + URLEncoder.encode(model, StandardCharsets.UTF_8).replace("+", "%20");
    SigV4 signer = new SigV4("bedrock", region, keyId, secretKey, secret(settings, "aws_session_token"), clock);
    if (anthropicFormat(settings.model())) {
      return AnthropicProviderFactory.onPlatform(settings, new BedrockClaude(modelUrl, signer, clock), transport);
    }
    return new HttpChatProvider(BedrockApi.PROVIDER, new BedrockApi(modelUrl, signer, settings.headers(), clock),
        HttpChatProvider.Framing.AWS_EVENT_STREAM, transport, settings);
  }

  private static String string(DeploymentSettings s, String name) {
    Object v = s.param(name).orElse(null);
    return v == null || String.valueOf(v).isBlank() ? null : String.valueOf(v).strip();
  }

  private static Secret secret(DeploymentSettings s, String name) {
    String v = string(s, name);
    return v == null ? null : Secret.of(v);
  }
}
