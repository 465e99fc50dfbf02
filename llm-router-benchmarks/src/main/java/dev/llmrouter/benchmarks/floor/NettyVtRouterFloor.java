package dev.llmrouter.benchmarks.floor;

import dev.llmrouter.Router;
import dev.llmrouter.RouterListener;
import dev.llmrouter.metrics.AuditLog;
import dev.llmrouter.metrics.RouterMetrics;
import dev.llmrouter.wire.HttpError;
import dev.llmrouter.wire.openai.ChatCompletionDecoder;
import dev.llmrouter.wire.openai.ChatCompletionEncoder;
import dev.llmrouter.wire.openai.DecodedRequest;
import dev.llmrouter.wire.openai.ErrorEncoder;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
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
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.function.ToIntFunction;
import org.eclipse.jetty.util.VirtualThreads;

/**
 * The first redesign measured before it is made: {@link NettyVtOkHttpFloor}'s transport (Netty's loop for the
 * clients, each call on a virtual thread) with the proxy's plain chat call on it: the OpenAI decoder, the router
 * built from the proxy's {@code --config} with the proxy's meters (a Prometheus registry) and audit log as its
 * listeners, the call, the encoder. What it leaves out of the proxy's handling of a request: the key check, the
 * host and origin guard, the in-flight bound, the routing headers and the disconnect watch (together a few
 * microseconds in the proxy's profiles), and the audit line's write (the benchmarks' SLF4J binding drops it after it
 * is formatted). Plain {@code POST}s of chat completions only; needs virtual threads (JDK 21+).
 */
public final class NettyVtRouterFloor {
  private NettyVtRouterFloor() {}

  public static void main(String[] args) throws Exception {
    FloorArgs a = FloorArgs.parse(args);
    if (!VirtualThreads.areSupported()) {
      throw new IllegalStateException("NettyVtRouterFloor needs virtual threads: run it on JDK 21 or later");
    }
    if (a.config() == null) {
      throw new IllegalArgumentException("give the proxy's config with --config FILE");
    }
    ToIntFunction<Throwable> status = e -> ErrorEncoder.encode(e).status();
    RouterMetrics meters = new RouterMetrics(new PrometheusMeterRegistry(PrometheusConfig.DEFAULT), status);
    AuditLog audit = new AuditLog(status, false);
    Router router = Router.builder().configFile(a.config()).environment(System.getenv())
        .listener(RouterListener.all(List.of(meters, audit))).build();
    meters.watch(router);
    Clock clock = Clock.systemUTC();
    Executor calls = VirtualThreads.getNamedVirtualThreadsExecutor("floor-call");
    NettyFloor.serve(a.port(), () -> new SimpleChannelInboundHandler<FullHttpRequest>() {
      @Override
      protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest request) {
        byte[] body = ByteBufUtil.getBytes(request.content());
        calls.execute(() -> ctx.writeAndFlush(answer(router, clock, body)));
      }
    });
  }

  private static FullHttpResponse answer(Router router, Clock clock, byte[] body) {
    int status = 200;
    String json;
    try {
      DecodedRequest decoded = ChatCompletionDecoder.decode(body);
      long created = clock.instant().getEpochSecond();
      json = ChatCompletionEncoder.encode(router.newCall(decoded.request()).execute(), created);
    } catch (RuntimeException e) {
      HttpError error = ErrorEncoder.encode(e);
      status = error.status();
      json = error.json();
    }
    FullHttpResponse out = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.valueOf(status),
        Unpooled.wrappedBuffer(json.getBytes(StandardCharsets.UTF_8)));
    out.headers().set(HttpHeaderNames.CONTENT_TYPE, "application/json")
        .setInt(HttpHeaderNames.CONTENT_LENGTH, out.content().readableBytes());
    return out;
  }
}
