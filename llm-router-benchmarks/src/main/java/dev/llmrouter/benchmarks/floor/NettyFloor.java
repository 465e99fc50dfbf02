package dev.llmrouter.benchmarks.floor;

import io.netty.bootstrap.Bootstrap;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpClientCodec;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpVersion;
import java.net.URI;
import java.util.function.Supplier;

/**
 * An event-loop transport with nothing on it: Netty's epoll loop, one thread for the clients and the upstream; each
 * client connection gets an upstream connection of its own on the same loop, so a request and its answer never
 * change threads. Requests and answers are aggregated whole, as the proxy's plain calls are.
 */
public final class NettyFloor {
  static final int MAX_BODY = 1 << 20;

  private NettyFloor() {}

  public static void main(String[] args) throws Exception {
    FloorArgs a = FloorArgs.parse(args);
    serve(a.port(), () -> new Front(a.upstream()));
  }

  /**
   * Serves HTTP on 127.0.0.1:{@code port} with one epoll loop until the process ends: each connection's requests
   * aggregated whole and handed to a handler of its own from {@code handlers}.
   */
  static void serve(int port, Supplier<ChannelHandler> handlers) throws InterruptedException {
    EventLoopGroup loop = new MultiThreadIoEventLoopGroup(1, EpollIoHandler.newFactory());
    new ServerBootstrap().group(loop).channel(EpollServerSocketChannel.class)
        .option(ChannelOption.SO_BACKLOG, 4096)
        .childOption(ChannelOption.TCP_NODELAY, true)
        .childHandler(new ChannelInitializer<SocketChannel>() {
          @Override
          protected void initChannel(SocketChannel ch) {
            ch.pipeline().addLast(new HttpServerCodec(), new HttpObjectAggregator(MAX_BODY), handlers.get());
          }
        })
        .bind("127.0.0.1", port).sync().channel().closeFuture().sync();
  }

  /** A client connection: its requests go to its own upstream connection, their answers come back to it. */
  private static final class Front extends SimpleChannelInboundHandler<FullHttpRequest> {
    private final URI upstream;
    private ChannelFuture connected;

    Front(URI upstream) {
      this.upstream = upstream;
    }

    @Override
    public void channelActive(ChannelHandlerContext client) {
      connected = connect(client);
    }

    private ChannelFuture connect(ChannelHandlerContext client) {
      return new Bootstrap().group(client.channel().eventLoop()).channel(EpollSocketChannel.class)
          .option(ChannelOption.TCP_NODELAY, true)
          .handler(new ChannelInitializer<SocketChannel>() {
            @Override
            protected void initChannel(SocketChannel ch) {
              ch.pipeline().addLast(new HttpClientCodec(), new HttpObjectAggregator(MAX_BODY),
                  new SimpleChannelInboundHandler<FullHttpResponse>() {
                    @Override
                    protected void channelRead0(ChannelHandlerContext up, FullHttpResponse answer) {
                      FullHttpResponse out = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, answer.status(),
                          answer.content().retain());
                      out.headers().set(HttpHeaderNames.CONTENT_TYPE, "application/json")
                          .setInt(HttpHeaderNames.CONTENT_LENGTH, out.content().readableBytes());
                      client.writeAndFlush(out);
                    }
                  });
            }
          })
          .connect(upstream.getHost(), upstream.getPort());
    }

    @Override
    protected void channelRead0(ChannelHandlerContext client, FullHttpRequest request) {
      if (connected.isDone() && !connected.channel().isActive()) {
        connected = connect(client); // the upstream closed its connection: a new one
      }
      FullHttpRequest out = new DefaultFullHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.POST, upstream.getRawPath(),
          request.content().retain());
      out.headers().set(HttpHeaderNames.HOST, upstream.getHost() + ":" + upstream.getPort())
          .set(HttpHeaderNames.CONTENT_TYPE, "application/json")
          .setInt(HttpHeaderNames.CONTENT_LENGTH, out.content().readableBytes());
      ChannelFuture up = connected;
      up.addListener(f -> { // at once when already connected
        if (f.isSuccess()) {
          up.channel().writeAndFlush(out);
        } else {
          out.release();
          FullHttpResponse failed = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.BAD_GATEWAY);
          failed.headers().setInt(HttpHeaderNames.CONTENT_LENGTH, 0);
          client.writeAndFlush(failed);
        }
      });
    }

    @Override
    public void channelInactive(ChannelHandlerContext client) {
      connected.channel().close();
    }
  }
}
