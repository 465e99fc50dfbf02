package dev.llmrouter.server;

import dev.llmrouter.wire.JsonIo;
import java.io.IOException;
import java.io.PrintStream;
import java.net.ConnectException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code java -jar llm-router-server.jar tenants|keys ...}: manages tenants and keys through a running proxy's admin
 * API. Exit codes: 0 done, 1 the proxy refused or could not be reached (its message is printed), 2 a usage error.
 */
final class AdminCli {
  static final String USAGE = """
      Usage: java -jar llm-router-server.jar <command> [--url URL] [--master-key KEY]

        tenants create NAME KEY DAILY_BUDGET_USD "MODEL,MODEL"   a tenant with its first key (the seed's order)
        tenants list                                             every tenant in the store
        tenants show NAME                                        one tenant, its spend and its keys (never their values)
        keys create TENANT [--label L] [--models "A,B"] [--expires 30d]
                                                                 a new key, shown once
        keys rotate KEY_OR_ID [--grace 1h]                       a new key in its place; the old one works for --grace
        keys revoke KEY_OR_ID                                    the key stops working at its next call

        --url URL          the proxy (default: $LLM_ROUTER_URL, else http://127.0.0.1:4000)
        --master-key KEY   the proxy's master key (default: $LLM_ROUTER_MASTER_KEY, else $LITELLM_MASTER_KEY)
      """;

  private final PrintStream out;
  private final PrintStream err;
  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private String lastBody;

  AdminCli(PrintStream out, PrintStream err) {
    this.out = out;
    this.err = err;
  }

  static boolean isCommand(String[] args) {
    return args.length > 0 && (args[0].equals("tenants") || args[0].equals("keys"));
  }

  /** Runs one command; returns the exit code. */
  int run(String[] args, Map<String, String> env) {
    List<String> words = new ArrayList<>();
    Map<String, String> flags = new LinkedHashMap<>();
    for (int i = 0; i < args.length; i++) {
      String a = args[i];
      if (a.equals("--help") || a.equals("-h")) {
        out.print(USAGE);
        return 0;
      }
      if (a.startsWith("--")) {
        int eq = a.indexOf('=');
        if (eq > 0) {
          flags.put(a.substring(2, eq), a.substring(eq + 1));
        } else if (i + 1 < args.length) {
          flags.put(a.substring(2), args[++i]);
        } else {
          return usage(a + " needs a value");
        }
      } else {
        words.add(a);
      }
    }
    String url = flags.getOrDefault("url", env.getOrDefault("LLM_ROUTER_URL", "http://127.0.0.1:4000"));
    String key = flags.getOrDefault("master-key", env.getOrDefault("LLM_ROUTER_MASTER_KEY",
        env.get("LITELLM_MASTER_KEY")));
    for (String f : flags.keySet()) {
      if (!List.of("url", "master-key", "label", "models", "expires", "grace").contains(f)) {
        return usage("unknown option --" + f);
      }
    }
    if (key == null || key.isBlank()) {
      return usage("no master key: pass --master-key or set LLM_ROUTER_MASTER_KEY");
    }
    String command = String.join(" ", words.subList(0, Math.min(2, words.size())));
    List<String> rest = words.subList(Math.min(2, words.size()), words.size());
    try {
      return switch (command) {
        case "tenants create" -> tenantsCreate(url, key, rest);
        case "tenants list" -> expect(rest, 0) ? print(call(url, key, "GET", "/team/list", null), this::tenantLines)
            : usage("tenants list takes no arguments");
        case "tenants show" -> expect(rest, 1) ? print(call(url, key, "GET", "/team/info?team_id="
            + URLEncoder.encode(rest.get(0), StandardCharsets.UTF_8), null), this::tenantShow)
            : usage("tenants show NAME");
        case "keys create" -> keysCreate(url, key, rest, flags);
        case "keys rotate" -> expect(rest, 1) ? print(call(url, key, "POST", "/key/regenerate", body("key", rest.get(0),
            "grace_period", flags.get("grace"))), this::newKey) : usage("keys rotate KEY_OR_ID [--grace 1h]");
        case "keys revoke" -> expect(rest, 1) ? print(call(url, key, "POST", "/key/delete",
            Map.of("keys", List.of(rest.get(0)))), r -> out.println("revoked " + ((List<?>) ((Map<?, ?>) r)
            .get("deleted_keys")).get(0))) : usage("keys revoke KEY_OR_ID");
        default -> usage(words.isEmpty() ? "no command" : "unknown command '" + String.join(" ", words) + "'");
      };
    } catch (Refused e) {
      err.println("error: " + e.getMessage());
      return 1;
    }
  }

  private int tenantsCreate(String url, String key, List<String> rest) throws Refused {
    if (rest.size() != 4) {
      return usage("tenants create NAME KEY DAILY_BUDGET_USD \"MODEL,MODEL\"");
    }
    Map<String, Object> team = new LinkedHashMap<>();
    team.put("team_id", rest.get(0));
    team.put("daily_limit", rest.get(2));
    team.put("models", splitModels(rest.get(3)));
    call(url, key, "POST", "/team/new", team);
    Object created = call(url, key, "POST", "/key/generate", body("team_id", rest.get(0), "key", rest.get(1)));
    out.println("tenant " + rest.get(0) + ": daily budget $" + rest.get(2) + ", models " + rest.get(3));
    out.println("key id " + ((Map<?, ?>) created).get("key_id"));
    return 0;
  }

  private int keysCreate(String url, String key, List<String> rest, Map<String, String> flags) throws Refused {
    if (rest.size() != 1) {
      return usage("keys create TENANT [--label L] [--models \"A,B\"] [--expires 30d]");
    }
    Map<String, Object> b = body("team_id", rest.get(0), "key_alias", flags.get("label"), "duration",
        flags.get("expires"));
    if (flags.containsKey("models")) {
      b.put("models", splitModels(flags.get("models")));
    }
    return print(call(url, key, "POST", "/key/generate", b), this::newKey);
  }

  private void newKey(Object r) {
    Map<?, ?> m = (Map<?, ?>) r;
    out.println("key " + m.get("key"));
    out.println("key id " + m.get("key_id") + " (tenant " + m.get("team_id") + ")"
        + (m.get("previous_key_id") != null ? "; " + m.get("previous_key_id") + " works until "
        + m.get("previous_key_expires") : ""));
    out.println("This is the only time the key is shown.");
  }

  private void tenantLines(Object r) {
    for (Object t : (List<?>) r) {
      Map<?, ?> m = (Map<?, ?>) t;
      out.println(m.get("team_id") + "\tmodels " + m.get("models") + "\tspend " + m.get("spend"));
    }
  }

  /** The proxy's answer as it sent it (parsed and written again, its amounts would turn into doubles). */
  private void tenantShow(Object r) {
    out.println(lastBody);
  }

  private static List<String> splitModels(String csv) {
    List<String> out = new ArrayList<>();
    for (String s : csv.split(",")) {
      if (!s.isBlank()) {
        out.add(s.strip());
      }
    }
    return out;
  }

  private static Map<String, Object> body(String... pairs) {
    Map<String, Object> m = new LinkedHashMap<>();
    for (int i = 0; i < pairs.length; i += 2) {
      if (pairs[i + 1] != null) {
        m.put(pairs[i], pairs[i + 1]);
      }
    }
    return m;
  }

  private static boolean expect(List<String> rest, int n) {
    return rest.size() == n;
  }

  private int print(Object response, java.util.function.Consumer<Object> printer) {
    printer.accept(response);
    return 0;
  }

  private int usage(String message) {
    err.println("error: " + message);
    err.println();
    err.print(USAGE);
    return 2;
  }

  /** The proxy said no, or was not there. */
  static final class Refused extends Exception {
    Refused(String message) {
      super(message);
    }
  }

  private Object call(String url, String key, String method, String path, Object body) throws Refused {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url.replaceAll("/+$", "") + path))
        .timeout(Duration.ofSeconds(30)).header("Authorization", "Bearer " + key);
    if (body == null) {
      b.GET();
    } else {
      b.header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(JsonIo.toJson(body)));
    }
    HttpResponse<String> r;
    try {
      r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    } catch (ConnectException e) {
      throw new Refused("cannot reach the proxy at " + url + " (is it running?)");
    } catch (IOException e) {
      throw new Refused("cannot reach the proxy at " + url + ": " + e.getMessage());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new Refused("interrupted");
    }
    lastBody = r.body();
    Object parsed = JsonIo.parseOrNull(r.body());
    if (r.statusCode() != 200) {
      String message = parsed instanceof Map<?, ?> m && m.get("error") instanceof Map<?, ?> e ? String.valueOf(
          e.get("message")) : r.body();
      throw new Refused("the proxy answered " + r.statusCode() + ": " + message);
    }
    return parsed;
  }
}
