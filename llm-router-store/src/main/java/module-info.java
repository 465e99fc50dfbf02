/**
 * Tenants, hashed keys and the spend log in a database: embedded H2 for one proxy, PostgreSQL for several, the
 * same Flyway migrations on both.
 */
module dev.llmrouter.store {
  requires transitive dev.llmrouter.core;
  requires transitive java.sql;
  requires com.github.benmanes.caffeine;
  requires com.zaxxer.hikari;
  requires flyway.core;
  requires org.slf4j;

  exports dev.llmrouter.store;
}
