package dev.llmrouter.internal;

import com.knuddels.jtokkit.Encodings;
import com.knuddels.jtokkit.api.Encoding;
import com.knuddels.jtokkit.api.EncodingRegistry;
import com.knuddels.jtokkit.api.EncodingType;
import dev.llmrouter.api.ChatRequest;
import dev.llmrouter.api.ContentBlock;
import dev.llmrouter.api.Message;
import dev.llmrouter.api.Tool;
import java.util.List;
import java.util.Map;

/**
 * Counts a request's input tokens locally, for providers with no count endpoint of their own. OpenAI-family models
 * (ids starting {@code gpt-3.5}/{@code gpt-4} are counted with {@code cl100k_base}; {@code gpt-4o}, {@code gpt-4.1},
 * {@code gpt-5}, {@code o1}/{@code o3}/{@code o4} and {@code chatgpt-*} with {@code o200k_base}) are counted exactly
 * as OpenAI documents for chat messages: the text of each message plus 3 tokens per message and 3 for the reply's
 * start. Every other model is <em>estimated</em> the same way with {@code o200k_base}; their own tokenizers differ
 * by some percent. Tool definitions count as their name, description and JSON schema; images as 85 tokens each
 * (OpenAI's low-detail price), which is also an estimate. Thread-safe.
 */
public final class TokenCounter {
  private static final int PER_MESSAGE = 3;
  private static final int REPLY_PRIMING = 3;
  private static final int PER_IMAGE = 85;

  private final EncodingRegistry registry = Encodings.newLazyEncodingRegistry(); // loads an encoding at first use
  /**
   * Counts of long texts seen before. A conversation's requests repeat their system prompt, tool definitions and
   * earlier turns (a Claude Code request is some 50 kB of them: 3 to 6 ms to tokenize), so only what is new is
   * tokenized; bounded by the characters it holds.
   */
  private final com.github.benmanes.caffeine.cache.Cache<Text, Long> seen =
      com.github.benmanes.caffeine.cache.Caffeine.newBuilder()
          .maximumWeight(16L * 1024 * 1024).weigher((Text k, Long v) -> k.text().length()).build();
  private static final int CACHED_FROM = 512;

  private record Text(Encoding encoding, String text) {}

  /** Tool definitions seen before, counted whole: a request's tools are the same call after call. */
  private final com.github.benmanes.caffeine.cache.Cache<ToolKey, Long> tools =
      com.github.benmanes.caffeine.cache.Caffeine.newBuilder().maximumSize(10_000).build();

  private record ToolKey(Encoding encoding, Tool tool) {}

  public TokenCounter() {}

  /** Whether {@code providerModel} is counted exactly rather than estimated. */
  public static boolean exact(String providerModel) {
    String m = providerModel.toLowerCase(java.util.Locale.ROOT);
    return m.startsWith("gpt-") || m.startsWith("o1") || m.startsWith("o3") || m.startsWith("o4")
        || m.startsWith("chatgpt-");
  }

  public long count(ChatRequest request, String providerModel) {
    Encoding enc = encodingFor(providerModel);
    if (request.embedding() != null) { // the texts alone: no message framing, no reply
      long n = 0;
      for (String text : request.embedding().input()) {
        n += tokens(enc, text);
      }
      return n;
    }
    long n = REPLY_PRIMING;
    if (!request.system().isEmpty()) {
      n += PER_MESSAGE + blocks(enc, request.system());
    }
    for (Message m : request.messages()) {
      n += PER_MESSAGE + blocks(enc, m.content());
    }
    for (Tool t : request.tools()) {
      n += tools.get(new ToolKey(enc, t), k ->
          tokens(enc, t.name()) + tokens(enc, t.description()) + tokens(enc, json(t.parameters())));
    }
    return n;
  }

  private Encoding encodingFor(String providerModel) {
    String m = providerModel.toLowerCase(java.util.Locale.ROOT);
    boolean older = (m.startsWith("gpt-4") && !m.startsWith("gpt-4o") && !m.startsWith("gpt-4.")) || m.startsWith("gpt-3.5");
    return registry.getEncoding(older ? EncodingType.CL100K_BASE : EncodingType.O200K_BASE);
  }

  private long blocks(Encoding enc, List<ContentBlock> blocks) {
    long n = 0;
    for (ContentBlock b : blocks) {
      if (b instanceof ContentBlock.Text t) {
        n += tokens(enc, t.text());
      } else if (b instanceof ContentBlock.ToolCall c) {
        n += tokens(enc, c.name()) + tokens(enc, c.argumentsJson());
      } else if (b instanceof ContentBlock.ToolResult r) {
        n += blocks(enc, r.content());
      } else if (b instanceof ContentBlock.Thinking t) {
        n += tokens(enc, t.thinking());
      } else if (b instanceof ContentBlock.Image) {
        n += PER_IMAGE;
      }
    }
    return n;
  }

  private long tokens(Encoding enc, String text) {
    if (text == null || text.isEmpty()) {
      return 0;
    }
    if (text.length() < CACHED_FROM) {
      return enc.countTokensOrdinary(text);
    }
    return seen.get(new Text(enc, text), k -> (long) enc.countTokensOrdinary(k.text()));
  }

  /** JSON-like values as compact JSON text, for counting (not for sending: no escaping beyond quotes). */
  private static String json(Object value) {
    StringBuilder sb = new StringBuilder();
    write(sb, value);
    return sb.toString();
  }

  private static void write(StringBuilder sb, Object v) {
    if (v instanceof Map<?, ?> map) {
      sb.append('{');
      boolean first = true;
      for (Map.Entry<?, ?> e : map.entrySet()) {
        sb.append(first ? "" : ",").append('"').append(e.getKey()).append("\":");
        write(sb, e.getValue());
        first = false;
      }
      sb.append('}');
    } else if (v instanceof List<?> list) {
      sb.append('[');
      for (int i = 0; i < list.size(); i++) {
        sb.append(i == 0 ? "" : ",");
        write(sb, list.get(i));
      }
      sb.append(']');
    } else if (v instanceof String s) {
      sb.append('"').append(s.replace("\"", "\\\"")).append('"');
    } else {
      sb.append(v);
    }
  }
}
