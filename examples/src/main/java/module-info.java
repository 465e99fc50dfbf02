/** The examples, and a custom provider found through {@link java.util.ServiceLoader}. */
module dev.llmrouter.examples {
  requires dev.llmrouter.core;

  provides dev.llmrouter.api.spi.ProviderFactory with dev.llmrouter.examples.custom.ShoutingProviderFactory;
}
