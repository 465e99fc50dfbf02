package dev.llmrouter.benchmarks.floor;

import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import java.util.concurrent.Executor;
import org.eclipse.jetty.util.VirtualThreads;

/**
 * Between the two others: Netty's event loop serves the clients, each request's call runs on a virtual thread of its
 * own with the {@link BlockingUpstream} call, and the answer goes back through the loop. The proxy's pipeline could
 * run as it is on such a transport (it blocks only the virtual thread); only the server side differs from
 * {@link JettyOkHttpFloor}. Needs a runtime with virtual threads (JDK 21+).
 */
public final class NettyVtOkHttpFloor {
  private NettyVtOkHttpFloor() {}

  public static void main(String[] args) throws Exception {
    FloorArgs a = FloorArgs.parse(args);
    if (!VirtualThreads.areSupported()) {
      throw new IllegalStateException("NettyVtOkHttpFloor needs virtual threads: run it on JDK 21 or later");
    }
    BlockingUpstream upstream = new BlockingUpstream(a.upstream());
    Executor calls = VirtualThreads.getNamedVirtualThreadsExecutor("floor-call");
    NettyFloor.serve(a.port(), () -> new SimpleChannelInboundHandler<FullHttpRequest>() {
      @Override
      protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest request) {
        byte[] body = ByteBufUtil.getBytes(request.content());
        calls.execute(() -> {
          FullHttpResponse out;
          try {
            BlockingUpstream.Answer answer = upstream.post(body);
            out = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.valueOf(answer.status()),
                Unpooled.wrappedBuffer(answer.body()));
          } catch (Exception e) {
            out = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.BAD_GATEWAY);
          }
          out.headers().set(HttpHeaderNames.CONTENT_TYPE, "application/json")
              .setInt(HttpHeaderNames.CONTENT_LENGTH, out.content().readableBytes());
          ctx.writeAndFlush(out);
        });
      }
    });
  }
}
