package dev.llmrouter.examples;

import dev.llmrouter.Router;
import dev.llmrouter.api.BudgetExceededException;
import dev.llmrouter.api.ChatRequest;
import dev.llmrouter.api.Principal;
import dev.llmrouter.policy.Budget;
import dev.llmrouter.policy.Limits;
import dev.llmrouter.policy.ModelAccess;
import dev.llmrouter.policy.TenantPolicy;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.util.List;

/** A tenant in a Java app, without the proxy: its models, a daily budget and limits, as the README shows. */
public final class TenantExample {
  private TenantExample() {}

  /** Calls {@code model} for tenant "search" until its daily budget of {@code dailyUsd} refuses; returns the count. */
  public static int callsWithin(Path config, String model, BigDecimal dailyUsd) {
    try (Router router = Router.builder().configFile(config)
        .tenant(new TenantPolicy("search", ModelAccess.of(List.of(model)), List.of(Budget.daily(dailyUsd)),
            new Limits(600L, null, null, 8L)))
        .build()) {
      int served = 0;
      while (served < 1000) {
        try {
          router.complete(ChatRequest.builder(model).user("Hi").maxTokens(100)
              .principal(Principal.tenant("search")).build());
          served++;
        } catch (BudgetExceededException e) { // 429 at the proxy; retryAfter() until 00:00 UTC
          return served;
        }
      }
      return served;
    }
  }

  public static void main(String[] args) {
    System.out.println(callsWithin(Path.of("examples/config/priced.yaml"), "priced", new BigDecimal("0.01"))
        + " calls fit a budget of $0.01");
  }
}
