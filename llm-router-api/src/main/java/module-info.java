/**
 * The records every call is made of (requests, responses, stream events, the typed exceptions) and the provider
 * SPI that a provider implements. No third-party dependencies.
 */
module dev.llmrouter.api {
  exports dev.llmrouter.api;
  exports dev.llmrouter.api.spi;
}
