/** The router's shared state in Redis: rate windows, parallel slots, the spend ledger, cooldowns and the cache. */
module dev.llmrouter.redis {
  requires transitive dev.llmrouter.core;
  requires transitive redis.clients.jedis;
  requires com.squareup.moshi;
  requires okio;
  requires org.apache.commons.pool2;
  requires org.slf4j;

  exports dev.llmrouter.redis;
  opens dev.llmrouter.redis to com.squareup.moshi;
}
