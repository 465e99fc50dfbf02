package dev.llmrouter.wire;

import dev.llmrouter.api.StreamEvent;

/**
 * Writes one streamed answer as the server-sent events of one API. One instance per stream, fed in order from one
 * thread at a time; each method returns whole SSE events as text (possibly none).
 */
public interface StreamEncoder {
  /** The events for one router event; often one, sometimes none. */
  String encode(StreamEvent event);

  /** The last event when the call fails after the stream has begun. */
  String error(Throwable failure);

  /** What follows the last event of a successful stream (OpenAI's {@code data: [DONE]}), or nothing. */
  String end();

  /** An event that keeps a silent stream open and means nothing (Anthropic's {@code ping}, an SSE comment). */
  String keepAlive();
}
