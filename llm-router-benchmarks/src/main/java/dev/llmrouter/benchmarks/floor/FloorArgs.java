package dev.llmrouter.benchmarks.floor;

import java.net.URI;
import java.nio.file.Path;

/**
 * What a floor is started with: {@code --port N} and the proxy's {@code --config FILE} (which only
 * {@link NettyVtRouterFloor} reads); other arguments are ignored.
 */
record FloorArgs(int port, URI upstream, Path config) {
  static FloorArgs parse(String[] args) {
    int port = 4000;
    Path config = null;
    for (int i = 0; i + 1 < args.length; i++) {
      if (args[i].equals("--port")) {
        port = Integer.parseInt(args[i + 1]);
      } else if (args[i].equals("--config")) {
        config = Path.of(args[i + 1]);
      }
    }
    String mock = System.getenv("MOCK_URL");
    if (mock == null || mock.isBlank()) {
      throw new IllegalArgumentException("set MOCK_URL to the upstream's base URL, e.g. http://127.0.0.1:28081/v1");
    }
    return new FloorArgs(port, URI.create(mock.replaceAll("/+$", "") + "/chat/completions"), config);
  }
}
