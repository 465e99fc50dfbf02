package dev.llmrouter.benchmarks.floor;

import java.nio.ByteBuffer;
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
 * the runtime has them), the request body read whole, the {@link BlockingUpstream} call, the answer's bytes written
 * back with its status.
 */
public final class JettyOkHttpFloor {
  private JettyOkHttpFloor() {}

  public static void main(String[] args) throws Exception {
    FloorArgs a = FloorArgs.parse(args);
    BlockingUpstream upstream = new BlockingUpstream(a.upstream());

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
        BlockingUpstream.Answer answer = upstream.post(body);
        response.setStatus(answer.status());
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, "application/json");
        response.getHeaders().put(HttpHeader.CONTENT_LENGTH, answer.body().length);
        response.write(true, ByteBuffer.wrap(answer.body()), callback);
        return true;
      }
    });
    server.start();
    server.join();
  }
}
