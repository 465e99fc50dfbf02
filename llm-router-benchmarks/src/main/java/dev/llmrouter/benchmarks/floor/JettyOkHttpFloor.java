package dev.llmrouter.benchmarks.floor;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import okhttp3.ConnectionPool;
import okhttp3.ConnectionSpec;
import okhttp3.Dispatcher;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.RequestBody;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.VirtualThreads;
import org.eclipse.jetty.util.thread.QueuedThreadPool;

/**
 * The proxy's transport with nothing on it: Jetty's pool as the proxy sets it up (a virtual thread a request where
 * the runtime has them), the request body read whole, one blocking call on an OkHttp client set up as the proxy's
 * (no read, write or call timeout; no retries; plain text), the answer's bytes written back with its status.
 */
public final class JettyOkHttpFloor {
  private JettyOkHttpFloor() {}

  public static void main(String[] args) throws Exception {
    FloorArgs a = FloorArgs.parse(args);
    Dispatcher dispatcher = new Dispatcher();
    dispatcher.setMaxRequests(Integer.MAX_VALUE);
    dispatcher.setMaxRequestsPerHost(Integer.MAX_VALUE);
    OkHttpClient client = new OkHttpClient.Builder()
        .dispatcher(dispatcher)
        .connectionPool(new ConnectionPool(256, 5, TimeUnit.MINUTES))
        .callTimeout(Duration.ZERO).readTimeout(Duration.ZERO).writeTimeout(Duration.ZERO)
        .retryOnConnectionFailure(false)
        .connectionSpecs(List.of(ConnectionSpec.CLEARTEXT))
        .build();
    okhttp3.HttpUrl upstream = okhttp3.HttpUrl.get(a.upstream().toString());
    MediaType json = MediaType.get("application/json");

    QueuedThreadPool threads = new QueuedThreadPool(256, 2);
    threads.setName("floor");
    if (VirtualThreads.areSupported()) {
      threads.setVirtualThreadsExecutor(VirtualThreads.getNamedVirtualThreadsExecutor("floor-call"));
    }
    Server server = new Server(threads);
    ServerConnector connector = new ServerConnector(server);
    connector.setHost("127.0.0.1");
    connector.setPort(a.port());
    connector.setAcceptQueueSize(4096);
    server.addConnector(connector);
    server.setHandler(new Handler.Abstract() {
      @Override
      public boolean handle(Request request, Response response, Callback callback) throws Exception {
        ByteBuffer in = Content.Source.asByteBuffer(request);
        byte[] body = new byte[in.remaining()];
        in.get(body);
        okhttp3.Request call = new okhttp3.Request.Builder().url(upstream).post(RequestBody.create(body, json)).build();
        try (okhttp3.Response answer = client.newCall(call).execute()) {
          byte[] out = answer.body().bytes();
          response.setStatus(answer.code());
          response.getHeaders().put(HttpHeader.CONTENT_TYPE, "application/json");
          response.getHeaders().put(HttpHeader.CONTENT_LENGTH, out.length);
          response.write(true, ByteBuffer.wrap(out), callback);
        }
        return true;
      }
    });
    server.start();
    server.join();
  }
}
