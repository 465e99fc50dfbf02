package dev.llmrouter.server;

import java.io.IOException;
import org.eclipse.jetty.http.HttpHeader;

/** {@code GET /metrics}: every meter in Prometheus' text format (version 0.0.4). */
final class MetricsEndpoint {
  static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";
  private final Observability observability;

  MetricsEndpoint(Observability observability) {
    this.observability = observability;
  }

  boolean requiresAuth() {
    return observability.settings().metricsRequireAuth();
  }

  void handle(Exchange ex) throws IOException {
    String text = observability.scrape();
    ex.response.setStatus(200);
    ex.response.getHeaders().put(HttpHeader.CONTENT_TYPE, CONTENT_TYPE);
    ex.write(true, ex.method().equals("HEAD") ? "" : text);
  }
}
