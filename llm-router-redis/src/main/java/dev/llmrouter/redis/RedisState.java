package dev.llmrouter.redis;

import dev.llmrouter.config.RedisSettings;
import dev.llmrouter.spi.state.CooldownStore;
import dev.llmrouter.spi.state.ParallelCounter;
import dev.llmrouter.spi.state.ResponseStore;
import dev.llmrouter.spi.state.SpendLedger;
import dev.llmrouter.spi.state.WindowCounter;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.apache.commons.pool2.impl.GenericObjectPoolConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import redis.clients.jedis.Connection;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.JedisPubSub;
import redis.clients.jedis.RedisClient;
import redis.clients.jedis.params.SetParams;

/**
 * The state instances share through one Redis: rate-limit windows, calls in flight, budgets, cooldowns and the
 * response cache. Hand its parts to {@code Router.builder()}:
 *
 * <pre>{@code
 * RedisState redis = RedisState.connect(config.redis(), Clock.systemUTC());
 * Router router = Router.builder().config(config)
 *     .windowCounter(redis.windowCounter()).parallelCounter(redis.parallelCounter())
 *     .spendLedger(redis.spendLedger(history)).cooldownStore(redis.cooldownStore())
 *     .responseStore(redis.responseStore())
 *     .build();
 * }</pre>
 *
 * <p>One connection pool (bounded, every wait bounded by {@code redis_timeout}), reconnecting by itself; one
 * queue of settlements sent with the next check ({@link Settler}); one subscriber thread for cooldowns; one housekeeping
 * thread that renews this instance's leases every
 * {@link Leases#RENEW_EVERY} and, while Redis is away, probes it every half second, and when it answers replays what
 * was queued before calls use it again. A single Redis (or a primary with replicas) is assumed: a script touches
 * several keys at once, which Redis Cluster would need in one hash slot.
 */
public final class RedisState implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(RedisState.class);
  private static final Duration PROBE_EVERY = Duration.ofMillis(500);

  private final RedisSettings settings;
  private final Clock clock;
  private final RedisClient client;
  private final Availability availability;
  private final Scripts scripts = new Scripts();
  private final Leases leases;
  private final Settler settler;
  private final String ns;
  private final String instance = UUID.randomUUID().toString().substring(0, 8);
  private volatile String epoch = "";
  private final RedisWindowCounter windows;
  private final RedisParallelCounter parallel;
  private final RedisCooldownStore cooldowns;
  private final RedisResponseStore responses;
  private volatile RedisSpendLedger ledger;
  private final ScheduledExecutorService housekeeping;
  private final Thread subscriber;
  private final JedisPubSub pubSub;
  private volatile boolean closed;

  private RedisState(RedisSettings settings, Clock clock) {
    this.settings = settings;
    this.clock = clock;
    this.ns = settings.namespace();
    // half each: a read that times out is followed by one more wait while Jedis closes the broken connection, so a
    // call that meets a hung Redis is back within redis_timeout in all
    int millis = (int) Math.max(1, settings.timeout().toMillis() / 2);
    DefaultJedisClientConfig.Builder cfg = DefaultJedisClientConfig.builder()
        .connectionTimeoutMillis(millis).socketTimeoutMillis(millis).clientName("llm-router-" + instance);
    String password = settings.password() == null ? null : settings.password().reveal();
    HostPort where = where(settings);
    if (password != null && !password.isEmpty()) {
      cfg.password(password);
    } else if (where.password() != null) {
      cfg.password(where.password());
    }
    cfg.database(where.database()).ssl(where.ssl());
    GenericObjectPoolConfig<Connection> pool = new GenericObjectPoolConfig<>();
    pool.setMaxTotal(256); // as many as the proxy has request threads: a busy proxy never waits for a connection
    pool.setMaxIdle(256);
    pool.setMinIdle(4);
    pool.setBlockWhenExhausted(true);
    pool.setMaxWait(Duration.ofMillis(millis));
    pool.setTestWhileIdle(true);
    pool.setTimeBetweenEvictionRuns(Duration.ofSeconds(30));
    this.client = RedisClient.builder().hostAndPort(where.host(), where.port()).clientConfig(cfg.build())
        .poolConfig(pool).build();
    this.availability = new Availability(client, settings, clock);
    this.leases = new Leases(availability, clock);
    this.housekeeping = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "llm-router-redis");
      t.setDaemon(true);
      return t;
    });
    this.settler = new Settler(availability, housekeeping);
    this.windows = new RedisWindowCounter(ns, availability, scripts, settler);
    this.parallel = new RedisParallelCounter(ns, availability, scripts, leases, clock, instance, settler);
    this.cooldowns = new RedisCooldownStore(ns, availability, scripts, clock);
    this.responses = new RedisResponseStore(ns, availability, clock);
    this.pubSub = new JedisPubSub() {
      @Override
      public void onSubscribe(String channel, int subscribedChannels) {
        try {
          cooldowns.reload();
        } catch (RuntimeException e) {
          LOG.debug("cooldown reload: {}", e.toString());
        }
      }

      @Override
      public void onMessage(String channel, String message) {
        cooldowns.onMessage(message);
      }
    };
    this.subscriber = new Thread(this::subscribe, "llm-router-redis-cooldowns");
    this.subscriber.setDaemon(true);
  }

  /**
   * Connects to the Redis {@code settings} name. Redis may be away at that moment: the instance starts anyway, fails
   * closed or open as configured, and uses Redis as soon as it answers.
   */
  public static RedisState connect(RedisSettings settings, Clock clock) {
    RedisState state = new RedisState(settings, clock);
    try {
      state.availability.direct(j -> j.ping());
      state.refreshEpoch();
    } catch (RuntimeException e) {
      state.availability.markAway(e);
    }
    long renew = Leases.RENEW_EVERY.toMillis();
    state.housekeeping.scheduleWithFixedDelay(state::renewQuietly, renew, renew, TimeUnit.MILLISECONDS);
    state.housekeeping.scheduleWithFixedDelay(state::probeQuietly, PROBE_EVERY.toMillis(), PROBE_EVERY.toMillis(),
        TimeUnit.MILLISECONDS);
    state.subscriber.start();
    LOG.info("shared state in Redis at {} (namespace {}, timeout {} ms, fail {})", settings.address(),
        settings.namespace(), settings.timeout().toMillis(), settings.failureMode().name().toLowerCase());
    return state;
  }

  /** The rate-limit windows; one Redis lost starts from nothing ({@link #windowCounter(WindowHistory)}). */
  public WindowCounter windowCounter() {
    return windows;
  }

  /** The rate-limit windows; one Redis does not have starts from {@code history} (the durable spend log). */
  public WindowCounter windowCounter(WindowHistory history) {
    windows.history(history);
    return windows;
  }

  public ParallelCounter parallelCounter() {
    return parallel;
  }

  /**
   * The budgets' ledger; a budget line Redis does not have starts from {@code history} (the durable spend log). One
   * per state: a second call returns the first ledger.
   */
  public synchronized SpendLedger spendLedger(SpendHistory history) {
    if (ledger == null) {
      ledger = new RedisSpendLedger(ns, availability, scripts, leases, clock, history, () -> epoch, settler);
    }
    return ledger;
  }

  public CooldownStore cooldownStore() {
    return cooldowns;
  }

  public ResponseStore responseStore() {
    return responses;
  }

  public RedisSettings settings() {
    return settings;
  }

  /** Waits until the settlements this instance queued were sent: for a caller that reads what it just settled. */
  void awaitSettled() {
    settler.awaitSent();
  }

  /** Whether Redis answers a PING now (for readiness); never waits longer than the timeout. */
  public boolean reachable() {
    try {
      return "PONG".equals(availability.direct(j -> j.ping()));
    } catch (RuntimeException e) {
      return false;
    }
  }

  /** What the shared state is doing, for health and metrics. */
  public Status status() {
    RedisSpendLedger l = ledger;
    return new Status(!availability.away(), availability.outages(), availability.fallbacks(),
        availability.refusals(), windows.pendingCount() + (l == null ? 0 : l.pendingCount()) + settler.queued(),
        leases.size());
  }

  /**
   * @param up        whether calls use Redis now
   * @param outages   times Redis went away since start
   * @param fallbacks admissions counted on this instance alone while it was away (fail open)
   * @param refusals  calls refused with a 503 while it was away (fail closed)
   * @param pending   settlements and counts waiting to be replayed into Redis
   * @param leases    slots and reservations this instance holds in Redis now
   */
  public record Status(boolean up, long outages, long fallbacks, long refusals, long pending, long leases) {}

  /** Sees each operation (a round trip: a script, a pipeline, a read) calls make on Redis: for its metrics. */
  @FunctionalInterface
  public interface Observer {
    Observer NONE = (nanos, failed) -> {};

    /** @param failed Redis did not answer, or answered that it cannot serve */
    void operation(long nanos, boolean failed);
  }

  public void observe(Observer observer) {
    availability.observe(observer);
  }

  private void refreshEpoch() {
    availability.direct(j -> j.set(ns + ":epoch", UUID.randomUUID().toString(), SetParams.setParams().nx()));
    epoch = availability.direct(j -> j.get(ns + ":epoch"));
  }

  /** While Redis is away: when it answers, replay what was queued, then let calls use it again. */
  void probe() {
    if (!availability.away()) {
      return;
    }
    availability.direct(j -> j.ping());
    refreshEpoch();
    windows.replay(clock.instant());
    RedisSpendLedger l = ledger;
    if (l != null) {
      l.replay();
    }
    cooldowns.reload();
    availability.markBack();
  }

  private void probeQuietly() {
    try {
      probe();
    } catch (RuntimeException e) {
      LOG.debug("Redis still away: {}", e.toString());
    }
  }

  private void renewQuietly() {
    try {
      leases.renew();
    } catch (RuntimeException e) {
      LOG.debug("lease renewal: {}", e.toString());
    }
  }

  private void subscribe() {
    while (!closed) {
      try {
        client.subscribe(pubSub, cooldowns.channel());
      } catch (RuntimeException e) {
        if (closed) {
          return;
        }
        LOG.debug("cooldown subscription lost: {}", e.toString());
      }
      try {
        Thread.sleep(PROBE_EVERY.toMillis()); // then subscribe again: Redis may be back
      } catch (InterruptedException e) {
        return;
      }
    }
  }

  @Override
  public void close() {
    closed = true;
    try {
      if (pubSub.isSubscribed()) {
        pubSub.unsubscribe();
      }
    } catch (RuntimeException e) {
      LOG.debug("unsubscribe: {}", e.toString());
    }
    subscriber.interrupt();
    settler.close(); // what calls settled is sent before the connections go
    housekeeping.shutdownNow();
    client.close();
  }

  private record HostPort(String host, int port, String password, int database, boolean ssl) {}

  private static HostPort where(RedisSettings s) {
    if (s.url() == null) {
      return new HostPort(s.host(), s.port(), null, 0, false);
    }
    URI u = URI.create(s.url());
    String password = null;
    if (u.getUserInfo() != null) {
      String info = u.getUserInfo();
      password = info.contains(":") ? info.substring(info.indexOf(':') + 1) : info;
    }
    int db = 0;
    String path = u.getPath();
    if (path != null && path.length() > 1) {
      db = Integer.parseInt(path.substring(1));
    }
    return new HostPort(u.getHost(), u.getPort() < 0 ? 6379 : u.getPort(), password, db,
        "rediss".equals(u.getScheme()));
  }
}
