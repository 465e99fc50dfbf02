package dev.llmrouter.redis;

import dev.llmrouter.spi.state.CooldownStore;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import redis.clients.jedis.params.ScanParams;
import redis.clients.jedis.resps.ScanResult;

/**
 * {@link CooldownStore} shared through Redis. Reads never leave the process: each instance keeps a copy, which a
 * cooldown set anywhere reaches by pub/sub as soon as Redis delivers it (a millisecond on a LAN), and which is
 * reloaded from Redis whenever the subscription (re)connects, so one missed while disconnected is not lost. A
 * cooldown set while Redis is away holds on this instance only.
 */
final class RedisCooldownStore implements CooldownStore {
  private final String ns;
  private final Availability redis;
  private final Scripts scripts;
  private final Clock clock;
  private final Map<String, Instant> until = new ConcurrentHashMap<>();

  RedisCooldownStore(String ns, Availability redis, Scripts scripts, Clock clock) {
    this.ns = ns;
    this.redis = redis;
    this.scripts = scripts;
    this.clock = clock;
  }

  String channel() {
    return ns + ":cooldowns";
  }

  private String key(String deploymentId) {
    return ns + ":cooldown:" + deploymentId;
  }

  @Override
  public void coolDown(String deploymentId, Instant end) {
    learn(deploymentId, end);
    try {
      redis.call(j -> scripts.cooldown.run(j, List.of(key(deploymentId)), List.of(Long.toString(end.toEpochMilli()),
          Long.toString(clock.millis()), channel(), end.toEpochMilli() + " " + deploymentId)));
    } catch (Availability.Away away) {
      // this instance still skips it; the others learn nothing until Redis is back
    }
  }

  @Override
  public Optional<Instant> until(String deploymentId) {
    return Optional.ofNullable(until.get(deploymentId));
  }

  /** Keeps the later end of a cooldown this instance heard of. */
  void learn(String deploymentId, Instant end) {
    until.merge(deploymentId, end, (a, b) -> a.isAfter(b) ? a : b);
  }

  /** A pub/sub message: {@code <until ms> <deployment id>}. */
  void onMessage(String message) {
    int space = message.indexOf(' ');
    if (space > 0) {
      learn(message.substring(space + 1), Instant.ofEpochMilli(Long.parseLong(message.substring(0, space))));
    }
  }

  /** Reads every cooldown Redis holds: after the subscription (re)connects. */
  void reload() {
    String prefix = key("");
    ScanParams params = new ScanParams().match(prefix + "*").count(500);
    String cursor = ScanParams.SCAN_POINTER_START;
    do {
      String c = cursor;
      ScanResult<String> page = redis.direct(j -> j.scan(c, params));
      for (String k : page.getResult()) {
        String v = redis.direct(j -> j.get(k));
        if (v != null) {
          learn(k.substring(prefix.length()), Instant.ofEpochMilli(Long.parseLong(v)));
        }
      }
      cursor = page.getCursor();
    } while (!cursor.equals(ScanParams.SCAN_POINTER_START));
    Instant now = clock.instant();
    until.values().removeIf(end -> !end.isAfter(now));
  }
}
