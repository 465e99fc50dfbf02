package dev.llmrouter.internal;

import dev.llmrouter.config.ModelDeployment;
import dev.llmrouter.api.spi.Capabilities;
import dev.llmrouter.api.spi.Provider;

/** A configured deployment with its live provider. */
public record Deployment(ModelDeployment config, Provider provider, Capabilities capabilities) {
  public Deployment {
    capabilities = capabilities == null ? new Capabilities(java.util.Set.of(), true, true, true) : capabilities;
  }

  public Deployment(ModelDeployment config, Provider provider) {
    this(config, provider, null);
  }

  public String id() {
    return config.id();
  }

  public String alias() {
    return config.modelName();
  }

  /** {@code provider/model}, for logs and health reports; never the key. */
  public String describe() {
    return config.settings().providerId() + "/" + config.settings().model();
  }
}
