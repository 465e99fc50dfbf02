package dev.llmrouter.server;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.util.Map;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.util.Blocker;

/**
 * The usage dashboard at {@code /ui}: a page, its script and style, and Chart.js, all from the jar. The page holds
 * no data: it asks the spend reports ({@code /global/spend/report}, {@code /spend/logs}) and {@code /model/info}
 * with the key the user signs in with, so a tenant's key shows its own tenant only. Nothing here needs a key.
 */
final class UiEndpoint {
  static final String CHART_JS = "/META-INF/resources/webjars/chart.js/4.5.1/dist/chart.umd.min.js";
  /** The page's own files and their types; nothing else is served. */
  private static final Map<String, String[]> FILES = Map.of(
      "/ui", new String[] {"/dev/llmrouter/server/ui/index.html", "text/html; charset=utf-8"},
      "/ui/app.js", new String[] {"/dev/llmrouter/server/ui/app.js", "text/javascript; charset=utf-8"},
      "/ui/app.css", new String[] {"/dev/llmrouter/server/ui/app.css", "text/css; charset=utf-8"},
      "/ui/chart.umd.min.js", new String[] {CHART_JS, "text/javascript; charset=utf-8"});
  /** Same-origin scripts and styles only: no inline script, nothing from elsewhere. */
  private static final String POLICY = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
      + "connect-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'";

  /** Whether {@code path} is one of the page's files. */
  static boolean serves(String path) {
    return FILES.containsKey(path);
  }

  private final Map<String, byte[]> bodies = new java.util.concurrent.ConcurrentHashMap<>();

  void handle(Exchange ex) throws IOException {
    String[] file = FILES.get(ex.path);
    byte[] body = bodies.computeIfAbsent(ex.path, p -> read(file[0]));
    ex.bodyDone();
    ex.response.setStatus(200);
    ex.response.getHeaders().put(HttpHeader.CONTENT_TYPE, file[1]);
    ex.response.getHeaders().put(HttpHeader.CACHE_CONTROL, ex.path.equals("/ui") ? "no-cache" : "max-age=300");
    ex.response.getHeaders().put("Content-Security-Policy", POLICY);
    ex.response.getHeaders().put("X-Content-Type-Options", "nosniff");
    ex.response.getHeaders().put("Referrer-Policy", "no-referrer");
    try (Blocker.Callback callback = Blocker.callback()) {
      ex.response.write(true, ByteBuffer.wrap(ex.method().equals("HEAD") ? new byte[0] : body), callback);
      callback.block();
    }
  }

  private static byte[] read(String resource) {
    try (InputStream in = UiEndpoint.class.getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalStateException(resource + " is missing from the jar");
      }
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
