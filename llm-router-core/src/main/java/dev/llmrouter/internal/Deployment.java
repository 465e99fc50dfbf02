package dev.llmrouter.internal;

import dev.llmrouter.config.ModelDeployment;
import dev.llmrouter.api.spi.Provider;

/** A configured deployment with its live provider. */
public record Deployment(ModelDeployment config, Provider provider) {
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
