package dev.llmrouter.providers.bedrock;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Map;
import java.util.TreeMap;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Signature Version 4 written out from AWS's specification
 * (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_sigv-create-signed-request.html), to check the
 * signatures the AWS SDK's signer puts on our requests independently of it. It is itself checked against the
 * documentation's worked example. Test code only: the provider signs with the SDK.
 */
final class SigV4Check {
  private SigV4Check() {}

  /**
   * The hex signature of a request.
   *
   * @param canonicalUri  the path as it goes into the canonical request (for Bedrock, each segment encoded again)
   * @param signedHeaders the signed headers, names in lower case, values trimmed
   */
  static String signature(String method, String canonicalUri, String canonicalQuery, Map<String, String> signedHeaders,
                          String payloadSha256, String amzDate, String region, String service, String secret)
      throws Exception {
    TreeMap<String, String> headers = new TreeMap<>(signedHeaders);
    StringBuilder canonicalHeaders = new StringBuilder();
    headers.forEach((k, v) -> canonicalHeaders.append(k).append(':').append(v.trim()).append('\n'));
    String names = String.join(";", headers.keySet());
    String canonical = method + "\n" + canonicalUri + "\n" + canonicalQuery + "\n" + canonicalHeaders + "\n" + names
        + "\n" + payloadSha256;
    String date = amzDate.substring(0, 8);
    String scope = date + "/" + region + "/" + service + "/aws4_request";
    String toSign = "AWS4-HMAC-SHA256\n" + amzDate + "\n" + scope + "\n" + sha256(canonical);
    byte[] key = hmac(("AWS4" + secret).getBytes(StandardCharsets.UTF_8), date);
    key = hmac(key, region);
    key = hmac(key, service);
    key = hmac(key, "aws4_request");
    return HexFormat.of().formatHex(hmac(key, toSign));
  }

  static String sha256(String text) throws Exception {
    return sha256(text.getBytes(StandardCharsets.UTF_8));
  }

  static String sha256(byte[] bytes) throws Exception {
    return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
  }

  private static byte[] hmac(byte[] key, String data) throws Exception {
    Mac mac = Mac.getInstance("HmacSHA256");
    mac.init(new SecretKeySpec(key, "HmacSHA256"));
    return mac.doFinal(data.getBytes(StandardCharsets.UTF_8));
  }
}
