/**
 * The OpenAI and Anthropic wire formats: their records and the codecs between them and the API's records, both
 * directions, in one place. Moshi reads and writes the records reflectively, so the packages are open to it.
 */
module dev.llmrouter.wire {
  requires transitive dev.llmrouter.api;
  requires transitive com.squareup.moshi;
  requires okio;

  exports dev.llmrouter.wire;
  exports dev.llmrouter.wire.openai;
  exports dev.llmrouter.wire.anthropic;

  opens dev.llmrouter.wire to com.squareup.moshi;
  opens dev.llmrouter.wire.openai to com.squareup.moshi;
  opens dev.llmrouter.wire.anthropic to com.squareup.moshi;
}
