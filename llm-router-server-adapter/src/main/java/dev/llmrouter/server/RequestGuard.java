package dev.llmrouter.server;

import dev.llmrouter.wire.openai.ErrorEncoder;
import dev.llmrouter.wire.HttpError;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;

/**
 * What keeps a web page the user happens to visit from spending the user's provider keys through a proxy on
 * {@code localhost}:
 * <ul>
 *   <li><b>Origin.</b> A browser names the page's origin on every cross-origin request. Only origins listed in
 *       {@code general_settings.allowed_origins} ({@code *} for any) get through, and only they get CORS headers;
 *       a request from the proxy's own origin is always fine. Clients that are not browsers send no origin.</li>
 *   <li><b>Host.</b> On a loopback listener the {@code Host} must be {@code localhost}, a loopback address, the bound
 *       address or one of {@code general_settings.allowed_hosts}: a DNS-rebinding page reaches 127.0.0.1 under its
 *       own host name.</li>
 *   <li><b>Content type.</b> A JSON endpoint takes only JSON (or no content type at all): the content types a page
 *       may send without a CORS preflight ({@code text/plain}, forms) get a 415.</li>
 * </ul>
 */
final class RequestGuard {
  private static final Set<String> LOOPBACK_NAMES = Set.of("localhost", "127.0.0.1", "::1", "[::1]");

  private final boolean loopbackListener;
  private final Set<String> allowedHosts;
  private final List<String> allowedOrigins;
  private final boolean anyOrigin;

  RequestGuard(boolean loopbackListener, String boundHost, List<String> allowedHosts, List<String> allowedOrigins) {
    this.loopbackListener = loopbackListener;
    java.util.HashSet<String> hosts = new java.util.HashSet<>(LOOPBACK_NAMES);
    hosts.add(boundHost.toLowerCase(Locale.ROOT));
    allowedHosts.forEach(h -> hosts.add(h.toLowerCase(Locale.ROOT)));
    this.allowedHosts = Set.copyOf(hosts);
    this.allowedOrigins = allowedOrigins.stream().map(RequestGuard::trimSlash).toList();
    this.anyOrigin = allowedOrigins.contains("*");
  }

  /** Why the request is refused, or null when it may go on. */
  HttpError check(HttpFields headers) {
    String host = headers.get(HttpHeader.HOST);
    if (loopbackListener && host != null && !allowedHosts.contains(hostName(host))) {
      return ErrorEncoder.forbidden("Host '" + host + "' is not served here: this proxy listens on a loopback "
          + "address and answers only to localhost (DNS rebinding protection). Add the name to "
          + "general_settings.allowed_hosts to allow it.", "host_not_allowed");
    }
    String origin = headers.get(HttpHeader.ORIGIN);
    if (origin != null && !originAllowed(origin, host)) {
      return ErrorEncoder.forbidden("Cross-origin request from '" + origin + "' refused. Add the origin to "
          + "general_settings.allowed_origins to allow browser pages from it.", "origin_not_allowed");
    }
    return null;
  }

  /** A 415 for a body that says it is not JSON, or null. */
  HttpError checkJsonBody(HttpFields headers) {
    String type = headers.get(HttpHeader.CONTENT_TYPE);
    if (type == null) {
      return null;
    }
    String mime = type.split(";", 2)[0].strip().toLowerCase(Locale.ROOT);
    if (mime.equals("application/json") || mime.endsWith("+json")) {
      return null;
    }
    return ErrorEncoder.unsupportedMediaType(type);
  }

  /** Whether this is a CORS preflight ({@code OPTIONS} with {@code Access-Control-Request-Method}). */
  static boolean isPreflight(String method, HttpFields headers) {
    return method.equals("OPTIONS") && headers.get(HttpHeader.ORIGIN) != null
        && headers.get(HttpHeader.ACCESS_CONTROL_REQUEST_METHOD) != null;
  }

  /** CORS response headers for an allowed cross-origin request (none for same-origin or non-browser calls). */
  void corsHeaders(HttpFields request, HttpFields.Mutable response, boolean preflight) {
    String origin = request.get(HttpHeader.ORIGIN);
    if (origin == null || isSameOrigin(origin, request.get(HttpHeader.HOST))) {
      return;
    }
    response.put(HttpHeader.ACCESS_CONTROL_ALLOW_ORIGIN, origin);
    response.add(HttpHeader.VARY, "Origin");
    if (preflight) {
      response.put(HttpHeader.ACCESS_CONTROL_ALLOW_METHODS, "GET, POST, OPTIONS");
      String asked = request.get(HttpHeader.ACCESS_CONTROL_REQUEST_HEADERS);
      if (asked != null) {
        response.put(HttpHeader.ACCESS_CONTROL_ALLOW_HEADERS, asked);
      }
      response.put(HttpHeader.ACCESS_CONTROL_MAX_AGE, "600");
    } else {
      response.put(HttpHeader.ACCESS_CONTROL_EXPOSE_HEADERS, String.join(", ", RoutingHeaders.ALL));
    }
  }

  private boolean originAllowed(String origin, String host) {
    return anyOrigin || isSameOrigin(origin, host) || allowedOrigins.contains(trimSlash(origin));
  }

  private static boolean isSameOrigin(String origin, String host) {
    if (host == null) {
      return false;
    }
    String o = trimSlash(origin).toLowerCase(Locale.ROOT);
    String h = host.toLowerCase(Locale.ROOT);
    return o.equals("http://" + h) || o.equals("https://" + h);
  }

  /** The host part of a {@code Host} header: without the port, brackets kept for IPv6 literals. */
  static String hostName(String host) {
    String h = host.strip().toLowerCase(Locale.ROOT);
    if (h.startsWith("[")) {
      int end = h.indexOf(']');
      return end < 0 ? h : h.substring(0, end + 1);
    }
    int colon = h.indexOf(':');
    return colon < 0 ? h : h.substring(0, colon);
  }

  private static String trimSlash(String s) {
    return s.endsWith("/") ? s.substring(0, s.length() - 1) : s;
  }
}
