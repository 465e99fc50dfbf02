package dev.llmrouter.server;

import com.squareup.moshi.Moshi;
import com.squareup.moshi.Types;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A {@code /metrics} page read by the Prometheus project's own parser ({@code prometheus_client}, from Debian's
 * {@code python3-prometheus-client}): the samples, or an error when it does not parse.
 */
public record PrometheusText(List<Sample> samples) {
  /** Public, for Moshi's record adapter. */
  public record Sample(String family, String type, String name, Map<String, String> labels, double value) {}

  static PrometheusText parse(String text) throws IOException, InterruptedException {
    Path script = Files.createTempFile("prom_parse", ".py");
    try (InputStream in = PrometheusText.class.getResourceAsStream("/metrics/prom_parse.py")) {
      Files.write(script, in.readAllBytes());
    }
    Process p = new ProcessBuilder("/usr/bin/python3", script.toString()).redirectError(ProcessBuilder.Redirect.PIPE)
        .start();
    p.getOutputStream().write(text.getBytes(StandardCharsets.UTF_8));
    p.getOutputStream().close();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!p.waitFor(30, TimeUnit.SECONDS) || p.exitValue() != 0) {
      throw new IllegalStateException("the Prometheus parser refused the page (is python3-prometheus-client "
          + "installed?): " + err);
    }
    Files.delete(script);
    List<Sample> samples = new Moshi.Builder().build().<List<Sample>>adapter(
        Types.newParameterizedType(List.class, Sample.class)).fromJson(out);
    return new PrometheusText(samples);
  }

  /** The sum of the samples named {@code name} whose labels include {@code labels} (name, value, ...). */
  double sum(String name, String... labels) {
    return samples.stream().filter(s -> s.name().equals(name)).filter(s -> {
      for (int i = 0; i < labels.length; i += 2) {
        if (!labels[i + 1].equals(s.labels().get(labels[i]))) {
          return false;
        }
      }
      return true;
    }).mapToDouble(Sample::value).sum();
  }

  java.util.Set<String> names() {
    java.util.Set<String> out = new java.util.TreeSet<>();
    samples.forEach(s -> {
      out.add(s.name());
      out.add(s.family());
    });
    return out;
  }
}
