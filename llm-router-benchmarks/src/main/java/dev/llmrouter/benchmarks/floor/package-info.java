/**
 * Transport floors: forwarders with no pipeline, no codecs and no accounting, each taking a POST and sending its body
 * to {@code $MOCK_URL/chat/completions}, then the upstream's answer back. {@link JettyOkHttpFloor} is the proxy's
 * transport (Jetty, a virtual thread a request, a blocking OkHttp call); {@link NettyFloor} is an event loop that
 * serves the client and calls the upstream on one thread; {@link NettyVtOkHttpFloor} is Netty's loop for the clients
 * with the proxy's way of calling (a virtual thread, a blocking OkHttp call). What each costs a request at a
 * closed-loop load is what no pipeline on that transport can go below. {@link NettyVtRouterFloor} puts the proxy's
 * plain chat call (its codecs, the router, its meters and audit log) on {@link NettyVtOkHttpFloor}'s transport: the
 * first redesign of {@code docs/performance.md}, measured before it is made. Not run by the tests; measured with the
 * proxy's {@code bench/thread-cpu.sh}:
 *
 * <pre>
 * MAIN=dev.llmrouter.benchmarks.floor.NettyFloor JAVA=/usr/lib/jvm/temurin-25-jdk-amd64/bin/java \
 *   llm-router-server-adapter/bench/thread-cpu.sh llm-router-benchmarks/target/benchmarks.jar -Xmx96m
 * </pre>
 */
package dev.llmrouter.benchmarks.floor;
