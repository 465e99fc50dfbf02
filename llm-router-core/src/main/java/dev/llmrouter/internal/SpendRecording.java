package dev.llmrouter.internal;

import dev.llmrouter.api.ChatResponse;
import dev.llmrouter.api.Principal;
import dev.llmrouter.api.Usage;
import dev.llmrouter.spi.state.SpendLog;
import dev.llmrouter.spi.state.SpendRecord;
import java.math.BigDecimal;

/**
 * One {@link SpendRecord} per call, when it ends, whatever the end: served (its usage and cost), refused or failed
 * (nothing used), or a stream cut short once its content began (what it produced, as the budget was charged).
 */
final class SpendRecording implements Interceptor {
  private final SpendLog log;
  private final CallEstimates estimates;
  private final boolean listened;

  /** @param listened whether a listener takes the records ({@link dev.llmrouter.RouterListener#callRecorded}) */
  SpendRecording(SpendLog log, CallEstimates estimates, boolean listened) {
    this.log = log;
    this.estimates = estimates;
    this.listened = listened;
  }

  @Override
  public ChatResponse intercept(Chain chain) {
    if (log == SpendLog.NONE && !listened) {
      return chain.proceed(chain.request()); // nowhere to record: no record to build
    }
    CallContext call = chain.call();
    ChatResponse response;
    try {
      response = chain.proceed(chain.request());
    } catch (Throwable t) {
      Usage produced = call.outputStarted() ? call.producedUsage() : Usage.ZERO;
      SpendRecord r = record(chain, null, produced, estimates.producedCost(call), t);
      log.record(r);
      call.listener().callRecorded(r, t);
      throw t;
    }
    Usage used = call.cacheHit() ? Usage.ZERO : response.usage();
    SpendRecord r = record(chain, response, used, response.cost().usd().orElse(null), null);
    log.record(r);
    call.listener().callRecorded(r, null);
    return response;
  }

  private static SpendRecord record(Chain chain, ChatResponse response, Usage usage, BigDecimal cost,
                                    Throwable error) {
    CallContext call = chain.call();
    Principal p = call.principal();
    Deployment d = call.lastDeployment();
    String session = p == null ? null : p.tags().get("session");
    String endUser = p != null && p.endUser() != null ? p.endUser() : chain.request().user();
    return new SpendRecord(call.callId(), call.start(), p == null ? null : p.tenantId(), p == null ? null : p.keyId(),
        chain.request().model(), call.cacheHit() || d == null ? null : d.id(),
        call.cacheHit() || d == null ? null : d.config().settings().model(), usage,
        call.cacheHit() ? BigDecimal.ZERO : cost, error == null ? "success" : "failure",
        error == null ? null : error.getClass().getSimpleName(), call.elapsed(), call.timeToFirstOutput(),
        call.streaming(), call.cacheHit(), endUser, session, chain.request().options().origin().ingress(),
        chain.request().options().origin().client(), call.attempts(), call.upstreamTime());
  }
}
