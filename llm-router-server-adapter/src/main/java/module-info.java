/**
 * The HTTP proxy: the OpenAI Chat Completions and Anthropic Messages APIs over Jetty, the codecs of the wire module
 * in front of the router. Runs from the class path ({@code java -jar llm-router-server.jar}) or the module path
 * ({@code java -p <dir> -m dev.llmrouter.server}).
 */
module dev.llmrouter.server {
  requires transitive dev.llmrouter.core;
  requires dev.llmrouter.wire;
  requires transitive dev.llmrouter.store;
  requires dev.llmrouter.redis;
  requires dev.llmrouter.metrics;
  requires ch.qos.logback.classic;
  requires ch.qos.logback.core;
  requires com.squareup.moshi;
  requires com.google.auth.oauth2; // for vertex_ai deployments (the providers require it statically)
  requires java.management;
  requires java.net.http;
  requires micrometer.core;
  requires micrometer.registry.prometheus;
  requires org.eclipse.jetty.server;
  requires org.slf4j;

  exports dev.llmrouter.server;
  provides ch.qos.logback.classic.spi.Configurator with dev.llmrouter.server.LogSetup;
  opens dev.llmrouter.server to com.squareup.moshi;
}
