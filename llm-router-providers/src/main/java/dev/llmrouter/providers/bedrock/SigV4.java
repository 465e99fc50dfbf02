package dev.llmrouter.providers.bedrock;

import dev.llmrouter.api.spi.Secret;
import java.net.URI;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.http.ContentStreamProvider;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner;
import software.amazon.awssdk.http.auth.spi.signer.SignedRequest;
import software.amazon.awssdk.identity.spi.AwsCredentialsIdentity;
import software.amazon.awssdk.identity.spi.AwsSessionCredentialsIdentity;

/**
 * AWS Signature Version 4 of one request, by the AWS SDK's own signer ({@link AwsV4HttpSigner}), not by hand: the
 * headers to add ({@code Authorization}, {@code X-Amz-Date}, {@code X-Amz-Security-Token} with a session token).
 */
final class SigV4 {
  private final AwsV4HttpSigner signer = AwsV4HttpSigner.create();
  private final String service;
  private final String region;
  private final Secret accessKeyId;
  private final Secret secretAccessKey;
  private final Secret sessionToken;
  private final Clock clock;

  SigV4(String service, String region, Secret accessKeyId, Secret secretAccessKey, Secret sessionToken, Clock clock) {
    this.service = service;
    this.region = region;
    this.accessKeyId = accessKeyId;
    this.secretAccessKey = secretAccessKey;
    this.sessionToken = sessionToken;
    this.clock = clock;
  }

  /** The headers that sign {@code method url} with {@code headers} and {@code body}, beside those given. */
  Map<String, String> sign(String method, String url, Map<String, String> headers, byte[] body) {
    SdkHttpRequest.Builder request = SdkHttpRequest.builder().method(SdkHttpMethod.fromValue(method))
        .uri(URI.create(url));
    headers.forEach(request::putHeader);
    AwsCredentialsIdentity identity = sessionToken == null
        ? AwsCredentialsIdentity.create(accessKeyId.reveal(), secretAccessKey.reveal())
        : AwsSessionCredentialsIdentity.create(accessKeyId.reveal(), secretAccessKey.reveal(), sessionToken.reveal());
    SignedRequest signed = signer.sign(r -> r.identity(identity)
        .request(request.build())
        .payload(body == null ? null : ContentStreamProvider.fromByteArray(body))
        .putProperty(AwsV4HttpSigner.SERVICE_SIGNING_NAME, service)
        .putProperty(AwsV4HttpSigner.REGION_NAME, region)
        .putProperty(AwsV4HttpSigner.SIGNING_CLOCK, clock));
    Map<String, String> added = new LinkedHashMap<>();
    for (Map.Entry<String, List<String>> h : signed.request().headers().entrySet()) {
      if (!headers.containsKey(h.getKey()) && !h.getKey().equalsIgnoreCase("Host")) {
        added.put(h.getKey(), String.join(",", h.getValue()));
      }
    }
    return added;
  }

  /** Removes the credentials from a text. */
  String mask(String text) {
    if (text == null) {
      return null;
    }
    String out = text.replace(secretAccessKey.reveal(), "****");
    return sessionToken == null ? out : out.replace(sessionToken.reveal(), "****");
  }
}
