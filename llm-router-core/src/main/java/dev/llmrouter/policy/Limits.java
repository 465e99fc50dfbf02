package dev.llmrouter.policy;

/**
 * Rate limits, each null for none: requests per minute and per hour, tokens per minute (input and output), and
 * requests at once. Windows are fixed and aligned to the clock (a minute starts at :00 UTC), so a limit holds
 * exactly per calendar minute or hour; a refused call counts against none of them.
 */
public record Limits(Long requestsPerMinute, Long requestsPerHour, Long tokensPerMinute, Long maxParallelRequests) {
  public static final Limits NONE = new Limits(null, null, null, null);

  public Limits {
    positive("requests_per_minute", requestsPerMinute);
    positive("requests_per_hour", requestsPerHour);
    positive("tokens_per_minute", tokensPerMinute);
    positive("max_parallel_requests", maxParallelRequests);
  }

  public boolean none() {
    return requestsPerMinute == null && requestsPerHour == null && tokensPerMinute == null
        && maxParallelRequests == null;
  }

  private static void positive(String name, Long value) {
    if (value != null && value < 0) {
      throw new IllegalArgumentException(name + " must not be negative (got " + value + ")");
    }
  }
}
