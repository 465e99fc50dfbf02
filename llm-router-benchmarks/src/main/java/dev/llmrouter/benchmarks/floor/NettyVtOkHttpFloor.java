package dev.llmrouter.benchmarks.floor;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpVersion;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import okhttp3.ConnectionPool;
import okhttp3.ConnectionSpec;
import okhttp3.Dispatcher;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.RequestBody;
import org.eclipse.jetty.util.VirtualThreads;

/**
 * Between the two others: Netty's event loop serves the clients, each request's call runs on a virtual thread of its
 * own with one blocking OkHttp call on a client set up as the proxy's, and the answer goes back through the loop. The
 * proxy's pipeline could run as it is on such a transport (it blocks only the virtual thread); only the server side
 * differs from {@link JettyOkHttpFloor}. Needs a runtime with virtual threads (JDK 21+).
 */
public final class NettyVtOkHttpFloor {
  private NettyVtOkHttpFloor() {}

  public static void main(String[] args) throws Exception {
    FloorArgs a = FloorArgs.parse(args);
    if (!VirtualThreads.areSupported()) {
      throw new IllegalStateException("NettyVtOkHttpFloor needs virtual threads: run it on JDK 21 or later");
    }
    Dispatcher dispatcher = new Dispatcher();
    dispatcher.setMaxRequests(Integer.MAX_VALUE);
    dispatcher.setMaxRequestsPerHost(Integer.MAX_VALUE);
    OkHttpClient client = new OkHttpClient.Builder().dispatcher(dispatcher)
        .connectionPool(new ConnectionPool(256, 5, TimeUnit.MINUTES))
        .callTimeout(Duration.ZERO).readTimeout(Duration.ZERO).writeTimeout(Duration.ZERO)
        .retryOnConnectionFailure(false).connectionSpecs(List.of(ConnectionSpec.CLEARTEXT)).build();
    okhttp3.HttpUrl upstream = okhttp3.HttpUrl.get(a.upstream().toString());
    MediaType json = MediaType.get("application/json");
    Executor calls = VirtualThreads.getNamedVirtualThreadsExecutor("floor-call");
    EventLoopGroup loop = new MultiThreadIoEventLoopGroup(1, EpollIoHandler.newFactory());
    new ServerBootstrap().group(loop).channel(EpollServerSocketChannel.class)
        .option(ChannelOption.SO_BACKLOG, 4096).childOption(ChannelOption.TCP_NODELAY, true)
        .childHandler(new ChannelInitializer<SocketChannel>() {
          @Override
          protected void initChannel(SocketChannel ch) {
            ch.pipeline().addLast(new HttpServerCodec(), new HttpObjectAggregator(1 << 20),
                new SimpleChannelInboundHandler<FullHttpRequest>() {
                  @Override
                  protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest request) {
                    byte[] body = ByteBufUtil.getBytes(request.content());
                    calls.execute(() -> {
                      FullHttpResponse out;
                      try (okhttp3.Response answer = client.newCall(new okhttp3.Request.Builder().url(upstream)
                          .post(RequestBody.create(body, json)).build()).execute()) {
                        out = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1,
                            HttpResponseStatus.valueOf(answer.code()), Unpooled.wrappedBuffer(answer.body().bytes()));
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
        })
        .bind("127.0.0.1", a.port()).sync().channel().closeFuture().sync();
  }
}
