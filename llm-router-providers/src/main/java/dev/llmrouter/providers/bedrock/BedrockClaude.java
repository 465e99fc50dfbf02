package dev.llmrouter.providers.bedrock;

import dev.llmrouter.api.LlmException;
import dev.llmrouter.providers.anthropic.ClaudePlatform;
import dev.llmrouter.wire.JsonIo;
import java.time.Clock;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.UnaryOperator;
import java.util.regex.Pattern;

/**
 * Claude on Bedrock in Anthropic's own format: {@code POST /model/{id}/invoke} and
 * {@code /invoke-with-response-stream}, the Messages body with {@code anthropic_version: bedrock-2023-05-31}, no
 * {@code model} and no {@code stream}, the betas in the body as {@code anthropic_beta}, and the stream as
 * event-stream {@code chunk} frames each holding one of Anthropic's events in base64
 * (https://docs.aws.amazon.com/bedrock/latest/userguide/model-parameters-anthropic-claude-messages.html).
 *
 * <p>The beta rule: Bedrock refuses the whole request ("invalid beta flag") for a beta it does not serve, and Claude
 * Code sends several (its own {@code claude-code-20250219}, and betas of features Anthropic's API has first). So a
 * caller's beta goes on only if it is one of {@link #BETAS}, those AWS documents for Claude on Bedrock as of 2026-12;
 * the others are dropped, as if the caller had not asked. A deployment's own {@code anthropic_beta} always goes on:
 * that is how an operator adds one Bedrock has begun to serve.
 */
final class BedrockClaude implements ClaudePlatform {
  static final String VERSION = "bedrock-2023-05-31";
  static final Set<String> BETAS = Set.of("computer-use-2024-10-22", "computer-use-2025-01-24",
      "computer-use-2025-11-24", "token-efficient-tools-2025-02-19", "interleaved-thinking-2025-05-14",
      "output-128k-2025-02-19", "dev-full-thinking-2025-05-14", "context-1m-2025-08-07",
      "context-management-2025-06-27", "effort-2025-11-24", "tool-search-tool-2025-10-19",
      "tool-examples-2025-10-29", "fine-grained-tool-streaming-2025-05-14");
  /** {@code anthropic.claude-...}, and cross-region inference profiles: {@code us.}, {@code eu.}, {@code global.}. */
  private static final Pattern CLAUDE = Pattern.compile("^(?:[a-z]{2,6}\\.)?anthropic\\.claude.*");

  private final String modelUrl;
  private final SigV4 signer;
  private final BedrockApi errors;
  private final Clock clock;

  BedrockClaude(String modelUrl, SigV4 signer, Clock clock) {
    this.modelUrl = modelUrl;
    this.signer = signer;
    this.clock = clock;
    this.errors = new BedrockApi(modelUrl, signer, Map.of(), clock);
  }

  static boolean isClaude(String model) {
    return CLAUDE.matcher(model.toLowerCase(Locale.ROOT)).matches()
        || model.toLowerCase(Locale.ROOT).matches("^arn:aws:bedrock:.*anthropic\\.claude.*");
  }

  @Override
  public String url(boolean stream) {
    return modelUrl + (stream ? "/invoke-with-response-stream" : "/invoke");
  }

  @Override
  public String anthropicVersion() {
    return VERSION;
  }

  @Override
  public Map<String, String> credentials(String url, Map<String, String> headers, byte[] body) {
    return signer.sign("POST", url, headers, body);
  }

  @Override
  public String mask(String text) {
    return signer.mask(text);
  }

  @Override
  public boolean betasInBody() {
    return true;
  }

  @Override
  public boolean takesBeta(String beta) {
    return BETAS.contains(beta);
  }

  @Override
  public boolean eventStream() {
    return true;
  }

  /** Bedrock's errors, {@code {"message"}} with {@code x-amzn-ErrorType}, as for Converse. */
  @Override
  public LlmException error(int status, UnaryOperator<String> header, String body) {
    Object json = body == null ? null : JsonIo.parseOrNull(body);
    String type = header.apply("x-amzn-ErrorType");
    boolean bedrocks = type != null || json instanceof Map<?, ?> map && map.containsKey("message")
        && !map.containsKey("type");
    return bedrocks ? errors.fromBody(status, type, body, dev.llmrouter.wire.HttpErrors.parseRetryAfter(
        header.apply("Retry-After"), null, clock)) : null;
  }
}
