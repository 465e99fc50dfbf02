package dev.llmrouter.providers.internal;

import java.io.IOException;
import java.time.Duration;
import okhttp3.Call;
import okhttp3.Response;
import okhttp3.ResponseBody;
import okio.Buffer;
import okio.ForwardingSource;
import okio.Okio;

/**
 * A stream's time limits, kept by the router's {@link CallDeadlines} rather than by Okio's watchdog: the whole
 * stream within the attempt's time (when it has one), and each byte within the deployment's {@code stream_timeout}
 * of the one before (of the start, for the first). A read restarts the idle limit with one volatile write; OkHttp's
 * read and write timeouts would put every socket read and write in Okio's watchdog queue and wake its thread.
 */
final class TimedStream implements AutoCloseable {
  private final CallDeadlines.Deadline deadline;

  private TimedStream(CallDeadlines.Deadline deadline) {
    this.deadline = deadline;
  }

  /** Starts {@code call}'s limits now: {@code whole} (none when null) and the deployment's idle limit. */
  static TimedStream start(HttpTransport.Streams streams, Call call, Duration whole) {
    return new TimedStream(streams.deadlines().startStream(call::cancel, whole, streams.idle()));
  }

  /** {@code response} with a body whose reads restart the idle limit, and fail as a timeout once a limit passed. */
  Response watch(Response response) {
    ResponseBody body = response.body();
    ForwardingSource timed = new ForwardingSource(body.source()) {
      @Override
      public long read(Buffer sink, long byteCount) throws IOException {
        long n;
        try {
          n = super.read(sink, byteCount);
        } catch (IOException e) {
          throw failure(e);
        }
        if (n > 0) {
          deadline.touch();
        }
        return n;
      }
    };
    return response.newBuilder()
        .body(ResponseBody.create(Okio.buffer(timed), body.contentType(), body.contentLength()))
        .build();
  }

  /** {@code e}, or a timeout caused by it when a limit passed (the call was cancelled for it). */
  IOException failure(IOException e) {
    return BlockingCall.timedOut(deadline, e);
  }

  /** The stream has ended: its limits no longer run. */
  @Override
  public void close() {
    deadline.close();
  }
}
