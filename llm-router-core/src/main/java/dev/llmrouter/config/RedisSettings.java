package dev.llmrouter.config;

import dev.llmrouter.api.spi.Secret;
import java.time.Duration;
import java.util.Objects;

/**
 * The Redis that instances share, from LiteLLM's {@code router_settings.redis_host} / {@code redis_port} /
 * {@code redis_password} / {@code redis_url}, or from {@code litellm_settings.cache_params} when its {@code type} is
 * {@code redis}. Core only carries these values; the {@code llm-router-redis} module connects.
 *
 * @param password    the password, or null
 * @param url         {@code redis://[:password@]host:port[/db]} (or {@code rediss://}), or null for host and port
 * @param namespace   the prefix of every key, so several gateways can share one Redis
 * @param timeout     the longest a call waits on Redis (connecting or answering) before it counts Redis as away
 * @param failureMode what calls that need a limit or a budget do while Redis is away
 * @param sharedState whether limits, budgets and cooldowns live in Redis ({@code router_settings.redis_*} was
 *                    given); false when only the response cache does ({@code cache_params.type: redis})
 * @param sharedCache whether the response cache lives in Redis
 */
public record RedisSettings(String host, int port, Secret password, String url, String namespace, Duration timeout,
                            FailureMode failureMode, boolean sharedState, boolean sharedCache) {
  public static final Duration DEFAULT_TIMEOUT = Duration.ofMillis(500);

  public RedisSettings {
    Objects.requireNonNull(namespace, "namespace");
    Objects.requireNonNull(timeout, "timeout");
    Objects.requireNonNull(failureMode, "failureMode");
  }

  /** What calls that need a limit or a budget do while Redis is unreachable. */
  public enum FailureMode {
    /** Refuse them with a 503 naming Redis: no limit or budget can be passed, at the cost of availability. */
    CLOSED,
    /**
     * Serve them on this instance's own counters, log and count it, and add what they used to Redis when it is back:
     * available, but each instance enforces its limits alone meanwhile, so N instances may together let through up
     * to N times a limit.
     */
    OPEN
  }

  /** Where Redis is, for logs and errors: never the password. */
  public String address() {
    if (url != null) {
      java.net.URI u = java.net.URI.create(url);
      return u.getScheme() + "://" + u.getHost() + ":" + (u.getPort() < 0 ? 6379 : u.getPort());
    }
    return host + ":" + port;
  }

  @Override
  public String toString() {
    return "RedisSettings[" + address() + ", namespace=" + namespace + ", timeout=" + timeout + ", failureMode="
        + failureMode + ", sharedState=" + sharedState + ", sharedCache=" + sharedCache + "]";
  }
}
