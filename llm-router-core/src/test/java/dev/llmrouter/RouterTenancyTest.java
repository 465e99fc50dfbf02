package dev.llmrouter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.llmrouter.api.InvalidKeyException;
import dev.llmrouter.api.BudgetExceededException;
import dev.llmrouter.api.ChatRequest;
import dev.llmrouter.api.ChatResponse;
import dev.llmrouter.api.AccessDeniedException;
import dev.llmrouter.api.Principal;
import dev.llmrouter.api.RateLimitExceededException;
import dev.llmrouter.api.RateLimitStatus;
import dev.llmrouter.internal.InMemorySpendLedger;
import dev.llmrouter.internal.InMemorySpendLog;
import dev.llmrouter.spi.state.SpendRecord;
import dev.llmrouter.policy.Budget;
import dev.llmrouter.policy.Limits;
import dev.llmrouter.policy.ModelAccess;
import dev.llmrouter.policy.TenantPolicy;
import dev.llmrouter.providers.ProviderContractTest;
import dev.llmrouter.testing.FakeClock;
import dev.llmrouter.testing.OpenAiBodies;
import dev.llmrouter.testing.RecordingListener;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import mockwebserver3.junit5.StartStop;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Tenants in a Java app: a principal on the request, the tenant's models, rate limits and budgets. */
class RouterTenancyTest {
  /** Output at $0.001 a token, input free: a call with max_tokens 10 that writes 10 tokens costs exactly $0.01. */
  private static final String CONFIG = """
      model_list:
        - model_name: chat
          litellm_params: {model: openai/gpt-4o-mini, api_base: "${BASE}", api_key: sk-x}
          model_info: {input_cost_per_token: 0, output_cost_per_token: 0.001}
        - model_name: backup
          litellm_params: {model: openai/gpt-4o, api_base: "${BASE}", api_key: sk-x}
          model_info: {input_cost_per_token: 0, output_cost_per_token: 0.001}
        - model_name: other
          litellm_params: {model: openai/gpt-4o, api_base: "${BASE}", api_key: sk-x}
          model_info: {input_cost_per_token: 0, output_cost_per_token: 0.001}
        - model_name: unpriced
          litellm_params: {model: openai/some-new-model, api_base: "${BASE}", api_key: sk-x}
      router_settings:
        num_retries: 0
        fallbacks: [{chat: [other, backup]}]
      """;

  @StartStop
  private final MockWebServer upstream = new MockWebServer();
  private final FakeClock clock = new FakeClock(Instant.parse("2026-03-10T12:00:30Z"));
  private final RecordingListener listener = new RecordingListener();
  private final InMemorySpendLedger ledger = new InMemorySpendLedger();
  private final InMemorySpendLog spendLog = new InMemorySpendLog();
  private Router router;

  @AfterEach
  void close() {
    if (router != null) {
      router.close();
    }
  }

  private Router router(TenantPolicy... tenants) {
    Router.Builder b = Router.builder().configYaml(CONFIG).clock(clock).listener(listener).spendLedger(ledger)
        .spendLog(spendLog)
        .environment(Map.of("BASE", upstream.url("/v1").toString()));
    for (TenantPolicy t : tenants) {
      b.tenant(t);
    }
    router = b.build();
    return router;
  }

  private static ChatRequest call(String model, String tenant) {
    return ChatRequest.builder(model).user("Hello").maxTokens(10).principal(Principal.tenant(tenant)).build();
  }

  private void alwaysAnswer() {
    upstream.setDispatcher(new Dispatcher() {
      @Override
      public MockResponse dispatch(RecordedRequest request) {
        return OpenAiBodies.completion("hi", 7, 10);
      }
    });
  }

  @Test
  void theBuiltInStepsAreListedInTheirOrder() {
    router = Router.builder().configYaml(CONFIG).environment(Map.of("BASE", "http://127.0.0.1:1/v1"))
        .interceptor(chain -> chain.proceed(chain.request())).build();
    List<String> steps = router.pipeline();
    assertThat(steps.subList(0, 2)).containsExactly("call events", "spend recording");
    assertThat(steps.get(2)).startsWith("interceptor ");
    assertThat(steps.subList(3, 9)).containsExactly("tenancy", "rate limiting", "budgeting",
        "param compatibility", "response caching", "routing");
  }

  @Test
  void anInterceptorSetsThePrincipalAndTheTenantsModelListBinds() {
    alwaysAnswer();
    router = Router.builder().configYaml(CONFIG).clock(clock).environment(Map.of("BASE", upstream.url("/v1").toString()))
        .tenant(new TenantPolicy("search", ModelAccess.of(List.of("chat")), List.of(), Limits.NONE))
        .interceptor(chain -> chain.proceed(chain.request().withOptions(
            chain.request().options().withPrincipal(Principal.tenant("search")))))
        .build();

    assertThat(router.complete(ChatRequest.builder("chat").user("Hi").build()).text()).isEqualTo("hi");
    AccessDeniedException denied = catchThrowableOfType(AccessDeniedException.class,
        () -> router.complete(ChatRequest.builder("other").user("Hi").build()));
    assertThat(denied.status()).isEqualTo(403);
    assertThat(denied.getMessage()).contains("'search'", "'other'", "chat");
    assertThat(upstream.getRequestCount()).isEqualTo(1);
  }

  @Test
  void aWildcardInTheModelListAllowsEveryNameItMatches() {
    alwaysAnswer();
    router(new TenantPolicy("t", ModelAccess.of(List.of("ch*")), List.of(), Limits.NONE));
    assertThat(router.complete(call("chat", "t")).text()).isEqualTo("hi");
    assertThatThrownBy(() -> router.complete(call("backup", "t"))).isInstanceOf(AccessDeniedException.class);
    assertThat(router.models(Principal.tenant("t"))).containsExactly("chat");
    assertThat(router.models(null)).contains("chat", "backup", "other");
  }

  @Test
  void aFallbackToAModelTheTenantMayNotUseIsSkippedNeverTaken() throws Exception {
    AtomicInteger n = new AtomicInteger();
    List<String> models = new ArrayList<>();
    upstream.setDispatcher(new Dispatcher() {
      @Override
      public MockResponse dispatch(RecordedRequest request) {
        synchronized (models) {
          models.add(request.getBody().utf8().replaceAll(".*\"model\":\"([^\"]+)\".*", "$1"));
        }
        return n.getAndIncrement() == 0 ? OpenAiBodies.error(500, "server_error", "down").build()
            : OpenAiBodies.completion("from a fallback", 7, 10);
      }
    });
    router(new TenantPolicy("t", ModelAccess.of(List.of("chat", "backup")), List.of(), Limits.NONE));

    ChatResponse r = router.complete(call("chat", "t"));

    assertThat(r.text()).isEqualTo("from a fallback");
    assertThat(models).containsExactly("gpt-4o-mini", "gpt-4o"); // chat, then backup: never "other"
    assertThat(listener.events).doesNotContain("fallback chat->other");
  }

  @Test
  void anUnknownTenantIsRefusedWith401() {
    router();
    assertThatThrownBy(() -> router.complete(call("chat", "nobody")))
        .isInstanceOf(InvalidKeyException.class).hasMessageContaining("'nobody' does not exist");
    assertThat(upstream.getRequestCount()).isZero();
  }

  @Test
  void aBudgetForExactlyTenCallsServesExactlyTenOf200ConcurrentCallsAndTheLedgerSumsToTheirCost() throws Exception {
    alwaysAnswer();
    router(new TenantPolicy("eng", ModelAccess.all(), List.of(Budget.daily(new BigDecimal("0.10"))), Limits.NONE));

    ExecutorService pool = Executors.newFixedThreadPool(32);
    CountDownLatch start = new CountDownLatch(1);
    List<Future<Object>> results = new ArrayList<>();
    for (int i = 0; i < 200; i++) {
      results.add(pool.submit(() -> {
        start.await();
        try {
          return router.complete(call("chat", "eng"));
        } catch (BudgetExceededException e) {
          return e;
        }
      }));
    }
    start.countDown();
    int served = 0;
    List<BudgetExceededException> refused = new ArrayList<>();
    for (Future<Object> f : results) {
      Object o = f.get(30, TimeUnit.SECONDS);
      if (o instanceof ChatResponse) {
        served++;
      } else {
        refused.add((BudgetExceededException) o);
      }
    }
    pool.shutdown();

    assertThat(served).isEqualTo(10);
    assertThat(refused).hasSize(190);
    assertThat(upstream.getRequestCount()).isEqualTo(10);
    Instant today = Instant.parse("2026-03-10T00:00:00Z");
    assertThat(ledger.spent("tenant:eng:daily", today)).isEqualByComparingTo("0.10");
    List<SpendRecord> records = spendLog.records();
    assertThat(records).hasSize(200).extracting(SpendRecord::callId).doesNotHaveDuplicates();
    assertThat(records).filteredOn(r -> r.status().equals("success")).hasSize(10)
        .allSatisfy(r -> assertThat(r.cost()).isEqualByComparingTo("0.01"))
        .allSatisfy(r -> assertThat(r.usage().outputTokens()).isEqualTo(10));
    assertThat(records).filteredOn(r -> r.status().equals("failure")).hasSize(190)
        .allSatisfy(r -> assertThat(r.errorType()).isEqualTo("BudgetExceededException"))
        .allSatisfy(r -> assertThat(r.cost()).isNull());
    assertThat(spendLog.total("eng")).isEqualByComparingTo("0.10");
    assertThat(records).allSatisfy(r -> assertThat(r.tenantId()).isEqualTo("eng"));
    BudgetExceededException e = refused.get(0);
    assertThat(e.status()).isEqualTo(429);
    assertThat(e.retryable()).isFalse();
    assertThat(e.budget()).contains("tenant eng daily");
    assertThat(e.resetsAt()).contains(Instant.parse("2026-03-11T00:00:00Z"));
    assertThat(e.retryAfter()).contains(Duration.ofHours(12).minusSeconds(30));
    assertThat(e.getMessage()).contains("daily budget of tenant eng is $0.10", "resets at 2026-03-11T00:00:00Z");

    clock.advance(Duration.ofHours(12)); // 00:00:30 the next day
    assertThat(router.complete(call("chat", "eng")).text()).isEqualTo("hi");
    assertThat(ledger.spent("tenant:eng:daily", Instant.parse("2026-03-11T00:00:00Z")))
        .isEqualByComparingTo("0.01");
  }

  @Test
  void aFailedCallReleasesItsReservationAndACheaperCallCommitsOnlyWhatItCost() {
    AtomicInteger n = new AtomicInteger();
    upstream.setDispatcher(new Dispatcher() {
      @Override
      public MockResponse dispatch(RecordedRequest request) {
        return n.getAndIncrement() == 0 ? OpenAiBodies.error(400, "invalid_request_error", "no").build()
            : OpenAiBodies.completion("short", 7, 4);
      }
    });
    router(new TenantPolicy("eng", ModelAccess.all(), List.of(Budget.daily(new BigDecimal("0.02"))), Limits.NONE));
    Instant today = Instant.parse("2026-03-10T00:00:00Z");

    assertThatThrownBy(() -> router.complete(call("chat", "eng"))).isNotInstanceOf(BudgetExceededException.class);
    assertThat(ledger.spent("tenant:eng:daily", today)).isEqualByComparingTo("0");
    router.complete(call("chat", "eng"));
    router.complete(call("chat", "eng"));
    assertThat(ledger.spent("tenant:eng:daily", today)).isEqualByComparingTo("0.008");
    // $0.012 left of $0.02, a call may cost $0.01: one more fits, then $0.004 is left
    router.complete(call("chat", "eng"));
    assertThatThrownBy(() -> router.complete(call("chat", "eng"))).isInstanceOf(BudgetExceededException.class);
    assertThat(ledger.spent("tenant:eng:daily", today)).isEqualByComparingTo("0.012");
  }

  /** An embedding call spends from the tenant's budget as a chat call does: $0.004 a call, $0.012 a day. */
  @Test
  void aTenantsBudgetHoldsForEmbeddingsAsForChat() {
    router = Router.builder().configYaml("""
        model_list:
          - model_name: emb
            litellm_params: {model: openai/text-embedding-3-small, api_base: "${BASE}", api_key: sk-x}
            model_info: {input_cost_per_token: 0.004, output_cost_per_token: 0}
        router_settings:
          num_retries: 0
        """).clock(clock).listener(listener).spendLedger(ledger).spendLog(spendLog)
        .environment(Map.of("BASE", upstream.url("/v1").toString()))
        .tenant(new TenantPolicy("eng", ModelAccess.all(), List.of(Budget.daily(new BigDecimal("0.012"))),
            Limits.NONE))
        .build();
    upstream.setDispatcher(new Dispatcher() {
      @Override
      public MockResponse dispatch(RecordedRequest request) {
        return new MockResponse.Builder().addHeader("Content-Type", "application/json").body("{\"object\":\"list\","
            + "\"data\":[{\"object\":\"embedding\",\"index\":0,\"embedding\":[0.5]}],\"model\":"
            + "\"text-embedding-3-small\",\"usage\":{\"prompt_tokens\":1,\"total_tokens\":1}}").build();
      }
    });
    dev.llmrouter.api.EmbeddingRequest request = new dev.llmrouter.api.EmbeddingRequest("emb", List.of("Hello"),
        null, null, new ChatRequest.CallOptions(ChatRequest.CacheUse.DEFAULT, null, Principal.tenant("eng")));
    for (int i = 0; i < 3; i++) {
      assertThat(router.embed(request).cost()).isEqualTo(dev.llmrouter.api.Cost.usd(new BigDecimal("0.004")));
    }
    assertThatThrownBy(() -> router.embed(request)).isInstanceOf(BudgetExceededException.class);
    assertThat(upstream.getRequestCount()).isEqualTo(3);
    Instant today = Instant.parse("2026-03-10T00:00:00Z");
    assertThat(ledger.spent("tenant:eng:daily", today)).isEqualByComparingTo("0.012");
    assertThat(spendLog.records()).hasSize(4).extracting(r -> r.status())
        .containsExactly("success", "success", "success", "failure");
  }

  @Test
  void aModelWithNoKnownPriceIsRefusedForATenantWithABudgetAndServedForOneWithout() {
    alwaysAnswer();
    router(new TenantPolicy("budgeted", ModelAccess.all(), List.of(Budget.monthly(BigDecimal.TEN)), Limits.NONE),
        TenantPolicy.unrestricted("free"));

    AccessDeniedException e = catchThrowableOfType(AccessDeniedException.class,
        () -> router.complete(call("unpriced", "budgeted")));
    assertThat(e.getMessage()).contains("no known price", "monthly budget cannot be held",
        "input_cost_per_token");
    assertThat(upstream.getRequestCount()).isZero();
    assertThat(router.complete(call("unpriced", "free")).text()).isEqualTo("hi");
  }

  @Test
  void requestsPerMinuteHoldExactlyCountDownAndResetWithTheMinute() {
    alwaysAnswer();
    router(new TenantPolicy("t", ModelAccess.all(), List.of(), new Limits(3L, 5L, null, null)));

    List<Long> remaining = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      RateLimitStatus s = router.complete(call("chat", "t")).callInfo().rateLimits().get(0);
      assertThat(s.kind()).isEqualTo("requests");
      assertThat(s.limit()).isEqualTo(3);
      remaining.add(s.remaining());
    }
    assertThat(remaining).containsExactly(2L, 1L, 0L);
    RateLimitExceededException e = catchThrowableOfType(RateLimitExceededException.class,
        () -> router.complete(call("chat", "t")));
    assertThat(e.retryable()).isFalse();
    assertThat(e.retryAfter()).contains(Duration.ofSeconds(30)); // 12:00:30 -> 12:01:00
    assertThat(e.getMessage()).contains("tenant t: requests_per_minute limit of 3 reached", "try again in 30 s");
    assertThat(upstream.getRequestCount()).isEqualTo(3);

    clock.advance(Duration.ofSeconds(30));
    RateLimitStatus s = router.complete(call("chat", "t")).callInfo().rateLimits().get(0);
    assertThat(s.remaining()).isEqualTo(1); // the hour's window: 5 - 4 left 1, tighter than the minute's 2
    assertThat(s.limit()).isEqualTo(5);
    router.complete(call("chat", "t"));
    RateLimitExceededException hourly = catchThrowableOfType(RateLimitExceededException.class,
        () -> router.complete(call("chat", "t")));
    assertThat(hourly.getMessage()).contains("requests_per_hour limit of 5");
    assertThat(hourly.retryAfter()).contains(Duration.ofMinutes(59));
    assertThat(upstream.getRequestCount()).isEqualTo(5);
  }

  @Test
  void tokensPerMinuteReserveTheMostACallMayTakeAndSettleToWhatItUsed() {
    alwaysAnswer(); // each call uses 7 + 10 = 17 tokens
    router(new TenantPolicy("t", ModelAccess.all(), List.of(), new Limits(null, null, 60L, null)));

    ChatResponse first = router.complete(call("chat", "t"));
    RateLimitStatus tokens = first.callInfo().rateLimits().get(0);
    assertThat(tokens.kind()).isEqualTo("tokens");
    router.complete(call("chat", "t"));
    router.complete(call("chat", "t")); // 51 used
    RateLimitExceededException e = catchThrowableOfType(RateLimitExceededException.class,
        () -> router.complete(call("chat", "t")));
    assertThat(e.getMessage()).contains("tokens_per_minute limit of 60", "51 used");
    assertThat(upstream.getRequestCount()).isEqualTo(3);
  }

  @Test
  void maxParallelRequestsHoldWhileCallsAreInFlight() throws Exception {
    CountDownLatch release = new CountDownLatch(1);
    CountDownLatch arrived = new CountDownLatch(2);
    upstream.setDispatcher(new Dispatcher() {
      @Override
      public MockResponse dispatch(RecordedRequest request) throws InterruptedException {
        arrived.countDown();
        release.await(10, TimeUnit.SECONDS);
        return OpenAiBodies.completion("hi", 7, 10);
      }
    });
    router(new TenantPolicy("t", ModelAccess.all(), List.of(), new Limits(null, null, null, 2L)));
    ExecutorService pool = Executors.newFixedThreadPool(2);
    Future<ChatResponse> a = pool.submit(() -> router.complete(call("chat", "t")));
    Future<ChatResponse> b = pool.submit(() -> router.complete(call("chat", "t")));
    assertThat(arrived.await(10, TimeUnit.SECONDS)).isTrue();

    RateLimitExceededException e = catchThrowableOfType(RateLimitExceededException.class,
        () -> router.complete(call("chat", "t")));
    assertThat(e.getMessage()).contains("max_parallel_requests limit of 2");
    release.countDown();
    a.get(10, TimeUnit.SECONDS);
    b.get(10, TimeUnit.SECONDS);
    pool.shutdown();
    assertThat(router.complete(call("chat", "t")).text()).isEqualTo("hi");
  }

  @Test
  void theGatewayWideLimitBindsEveryCallerTheTrustedOnesToo() {
    alwaysAnswer();
    router = Router.builder().configYaml(CONFIG + "rate_limits: {requests_per_minute: 2}\n").clock(clock)
        .environment(Map.of("BASE", upstream.url("/v1").toString())).build();
    router.complete(ChatRequest.builder("chat").user("a").build());
    router.complete(ChatRequest.builder("chat").user("b").build());
    assertThatThrownBy(() -> router.complete(ChatRequest.builder("chat").user("c").build()))
        .isInstanceOf(RateLimitExceededException.class).hasMessageContaining("the gateway: requests_per_minute");
  }

  @Test
  void aStreamTheCallerLeavesIsChargedWhatItProducedAndReleasesTheRest() throws Exception {
    String chunk = "data: {\"id\":\"c\",\"object\":\"chat.completion.chunk\",\"created\":1,\"model\":\"m\","
        + "\"choices\":[{\"index\":0,\"delta\":{\"content\":\"sixsix\"},\"finish_reason\":null}]}\n\n";
    ProviderContractTest.StallingBody body = new ProviderContractTest.StallingBody(chunk + chunk);
    upstream.enqueue(new MockResponse.Builder().addHeader("Content-Type", "text/event-stream").body(body).build());
    CountDownLatch ended = new CountDownLatch(1);
    router = Router.builder().configYaml(CONFIG).clock(clock).spendLedger(ledger).spendLog(spendLog)
        .environment(Map.of("BASE", upstream.url("/v1").toString()))
        .tenant(new TenantPolicy("eng", ModelAccess.all(), List.of(Budget.daily(BigDecimal.ONE)), Limits.NONE))
        .listener(new RouterListener() {
          @Override
          public void callEnd(String callId, ChatResponse response, Throwable error) {
            ended.countDown();
          }
        })
        .build();
    CountDownLatch twoDeltas = new CountDownLatch(2);
    StreamHandle handle = router.stream(ChatRequest.builder("chat").user("Hi").maxTokens(100)
        .principal(Principal.tenant("eng")).build(), new dev.llmrouter.api.StreamListener() {
          @Override
          public void onEvent(dev.llmrouter.api.StreamEvent event) {
            if (event instanceof dev.llmrouter.api.StreamEvent.TextDelta) {
              twoDeltas.countDown();
            }
          }

          @Override
          public void onComplete(ChatResponse response) {}

          @Override
          public void onError(dev.llmrouter.api.LlmException error) {}
        });
    assertThat(twoDeltas.await(10, TimeUnit.SECONDS)).isTrue();
    handle.cancel();
    assertThat(ended.await(10, TimeUnit.SECONDS)).isTrue();
    body.release.countDown();

    // 12 characters at 3 a token: 4 output tokens at $0.001, not the $0.10 reserved for max_tokens 100, nor nothing
    assertThat(ledger.spent("tenant:eng:daily", Instant.parse("2026-03-10T00:00:00Z"))).isEqualByComparingTo("0.004");
    SpendRecord cut = spendLog.records().get(0);
    assertThat(cut.status()).isEqualTo("failure");
    assertThat(cut.stream()).isTrue();
    assertThat(cut.usage().outputTokens()).isEqualTo(4);
    assertThat(cut.cost()).isEqualByComparingTo("0.004");
    assertThat(cut.timeToFirstToken()).isNotNull();
    SpendLedgerCheck.assertNothingReserved(ledger, "tenant:eng:daily", Instant.parse("2026-03-10T00:00:00Z"),
        new BigDecimal("0.996"));
  }

  /** What is left to reserve shows that no reservation stayed behind. */
  static final class SpendLedgerCheck {
    static void assertNothingReserved(InMemorySpendLedger ledger, String key, Instant period, BigDecimal left) {
      var line = new dev.llmrouter.spi.state.SpendLedger.Line(key, period, BigDecimal.ONE);
      var fits = ledger.reserve(List.of(line), left);
      assertThat(fits.granted()).as("all of what is left can be reserved").isTrue();
      ledger.release(fits);
      assertThat(ledger.reserve(List.of(line), left.add(new BigDecimal("0.000001"))).granted()).isFalse();
    }
  }

  @Test
  void anAccessGroupInAModelListAllowsEveryAliasOfTheGroup() {
    alwaysAnswer();
    router = Router.builder().configYaml("""
        model_list:
          - model_name: fast
            litellm_params: {model: openai/gpt-4o-mini, api_base: "${BASE}", api_key: sk-x}
            model_info: {access_groups: [beta]}
          - model_name: smart
            litellm_params: {model: openai/gpt-4o, api_base: "${BASE}", api_key: sk-x}
        """).clock(clock).environment(Map.of("BASE", upstream.url("/v1").toString()))
        .tenant(new TenantPolicy("t", ModelAccess.of(List.of("beta")), List.of(), Limits.NONE)).build();

    assertThat(router.complete(call("fast", "t")).text()).isEqualTo("hi");
    assertThatThrownBy(() -> router.complete(call("smart", "t"))).isInstanceOf(AccessDeniedException.class);
    assertThat(router.models(Principal.tenant("t"))).containsExactly("fast");
  }

  @Test
  void aCacheHitCountsAsARequestAndCostsNothing() {
    alwaysAnswer();
    router = Router.builder().configYaml(CONFIG + """
        litellm_settings:
          cache: true
        """).clock(clock).spendLedger(ledger).environment(Map.of("BASE", upstream.url("/v1").toString()))
        .tenant(new TenantPolicy("t", ModelAccess.all(), List.of(Budget.daily(BigDecimal.ONE)),
            new Limits(2L, null, null, null)))
        .build();
    router.complete(call("chat", "t"));
    ChatResponse hit = router.complete(call("chat", "t"));
    assertThat(hit.callInfo().cacheHit()).isTrue();
    assertThat(hit.callInfo().rateLimits().get(0).remaining()).isZero();
    assertThatThrownBy(() -> router.complete(call("chat", "t"))).isInstanceOf(RateLimitExceededException.class);
    assertThat(upstream.getRequestCount()).isEqualTo(1);
    assertThat(ledger.spent("tenant:t:daily", Instant.parse("2026-03-10T00:00:00Z"))).isEqualByComparingTo("0.01");
  }
}
