package dev.llmrouter.redis;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import redis.clients.jedis.UnifiedJedis;
import redis.clients.jedis.exceptions.JedisNoScriptException;

/** The Lua scripts, each one atomic check-and-update in Redis; sent once, then called by their SHA-1. */
final class Scripts {
  /** One script: its source and the SHA-1 Redis knows it by. */
  static final class Script {
    private final String source;
    private volatile String sha;

    private Script(String name) {
      try (InputStream in = Scripts.class.getResourceAsStream(name + ".lua")) {
        if (in == null) {
          throw new IllegalStateException(name + ".lua is missing from the jar");
        }
        this.source = new String(in.readAllBytes(), StandardCharsets.UTF_8);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }

    /** Runs it: by SHA-1, loading it first when Redis does not have it (a new or restarted Redis). */
    Object run(UnifiedJedis redis, List<String> keys, List<String> args) {
      String known = sha;
      if (known != null) {
        try {
          return redis.evalsha(known, keys, args);
        } catch (JedisNoScriptException e) {
          // Redis restarted and forgot it: load it again
        }
      }
      sha = redis.scriptLoad(source);
      return redis.evalsha(sha, keys, args);
    }

    /** Queues it on a pipeline, by SHA-1 (loaded first if need be); a NOSCRIPT answer comes with the response. */
    redis.clients.jedis.Response<Object> send(UnifiedJedis redis, redis.clients.jedis.AbstractPipeline pipeline,
                                              List<String> keys, List<String> args) {
      String known = sha;
      if (known == null) {
        known = sha = redis.scriptLoad(source);
      }
      return pipeline.evalsha(known, keys, args);
    }
  }

  final Script windowTryAdd = new Script("window_try_add");
  final Script windowAdd = new Script("window_add");
  final Script slotAcquire = new Script("slot_acquire");
  final Script ledgerReserve = new Script("ledger_reserve");
  final Script ledgerSettle = new Script("ledger_settle");
  final Script ledgerAdd = new Script("ledger_add");
  final Script cooldown = new Script("cooldown");
}
