/** Micrometer meters for every call and the audit log, as a {@code RouterListener}. */
module dev.llmrouter.metrics {
  requires transitive dev.llmrouter.core;
  requires transitive micrometer.core;
  requires com.squareup.moshi;
  requires okio;
  requires org.slf4j;

  exports dev.llmrouter.metrics;
  opens dev.llmrouter.metrics to com.squareup.moshi;
}
