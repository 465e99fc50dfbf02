package dev.llmrouter.providers.google;

import static org.assertj.core.api.Assertions.assertThat;

import dev.llmrouter.wire.JsonIo;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Signature;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;

/**
 * Google's OAuth 2.0 token endpoint for a service account, on MockWebServer: it takes the JWT-bearer grant that
 * Google's auth library makes from a service-account key (https://developers.google.com/identity/protocols/oauth2/service-account#httprest),
 * checks the assertion's RS256 signature with the key's public half, and answers with an access token. A throwaway
 * key pair is made per test class; {@link #credentialsJson} is the service-account key file that points at it.
 */
public final class VertexTokenServer {
  static final String CLIENT_EMAIL = "llm-router@test-project.iam.gserviceaccount.com";

  final MockWebServer server = new MockWebServer();
  final KeyPair keys;
  final List<Map<String, Object>> claims = new CopyOnWriteArrayList<>();
  private final String token;
  private volatile boolean refuse;

  public VertexTokenServer(String token) throws Exception {
    this.token = token;
    KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
    generator.initialize(2048);
    this.keys = generator.generateKeyPair();
    server.setDispatcher(new Dispatcher() {
      @Override
      public MockResponse dispatch(RecordedRequest request) {
        return answer(request);
      }
    });
    server.start();
  }

  /** From now on the grant is refused as Google refuses a revoked key. */
  void refuse() {
    refuse = true;
  }

  private MockResponse answer(RecordedRequest request) {
    Map<String, String> form = new LinkedHashMap<>();
    for (String pair : request.getBody().utf8().split("&")) {
      int eq = pair.indexOf('=');
      form.put(URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
          URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
    }
    if (refuse) {
      return new MockResponse.Builder().code(400).addHeader("Content-Type", "application/json")
          .body("{\"error\":\"invalid_grant\",\"error_description\":\"Invalid JWT Signature.\"}").build();
    }
    if (!"urn:ietf:params:oauth:grant-type:jwt-bearer".equals(form.get("grant_type")) || !verified(
        form.get("assertion"))) {
      return new MockResponse.Builder().code(400).addHeader("Content-Type", "application/json")
          .body("{\"error\":\"invalid_request\"}").build();
    }
    return new MockResponse.Builder().addHeader("Content-Type", "application/json; charset=utf-8")
        .body("{\"access_token\":\"" + token + "\",\"expires_in\":3599,\"token_type\":\"Bearer\"}").build();
  }

  @SuppressWarnings("unchecked")
  private boolean verified(String jwt) {
    try {
      String[] parts = jwt.split("\\.");
      Signature rs256 = Signature.getInstance("SHA256withRSA");
      rs256.initVerify(keys.getPublic());
      rs256.update((parts[0] + "." + parts[1]).getBytes(StandardCharsets.US_ASCII));
      if (!rs256.verify(Base64.getUrlDecoder().decode(parts[2]))) {
        return false;
      }
      Map<String, Object> header = (Map<String, Object>) JsonIo.parseOrNull(new String(
          Base64.getUrlDecoder().decode(parts[0]), StandardCharsets.UTF_8));
      assertThat(header).containsEntry("alg", "RS256");
      claims.add((Map<String, Object>) JsonIo.parseOrNull(new String(Base64.getUrlDecoder().decode(parts[1]),
          StandardCharsets.UTF_8)));
      return true;
    } catch (Exception e) {
      return false;
    }
  }

  String tokenUri() {
    return server.url("/token").toString();
  }

  /** A service-account key file, as the Cloud console downloads it, with our key and token endpoint. */
  public String credentialsJson() {
    String pem = "-----BEGIN PRIVATE KEY-----\n" + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
        .encodeToString(keys.getPrivate().getEncoded()) + "\n-----END PRIVATE KEY-----\n";
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("type", "service_account");
    json.put("project_id", "test-project");
    json.put("private_key_id", "4f2a1c3b5d6e7f8091a2b3c4d5e6f708192a3b4c");
    json.put("private_key", pem);
    json.put("client_email", CLIENT_EMAIL);
    json.put("client_id", "104365290135386545213");
    json.put("auth_uri", "https://accounts.google.com/o/oauth2/auth");
    json.put("token_uri", tokenUri());
    return JsonIo.toJson(json);
  }

  public void close() throws Exception {
    server.close();
  }
}
