package dev.llmrouter.config;

/**
 * How the proxy shows what it does.
 *
 * @param metricsRequireAuth {@code litellm_settings.require_auth_for_metrics_endpoint}: whether {@code /metrics} on
 *                           the proxy's port takes the master key (default true)
 * @param metricsPort        {@code general_settings.metrics_port}: a second port serving only {@code /metrics},
 *                           without authentication, for a scraper inside the cluster (0: any free port); null for none
 * @param metrics            {@code general_settings.metrics}: the router's call meters (default true; off, {@code /metrics}
 *                           has the JVM's, the stores' and the budgets' only)
 * @param auditLog           {@code general_settings.audit_log}: one JSON line per call to the {@code
 *                           dev.llmrouter.audit} logger (default true)
 * @param storePrompts       {@code general_settings.store_prompts_in_spend_logs}: the audit line carries the prompt
 *                           and the completion (default false)
 */
public record MonitoringSettings(boolean metricsRequireAuth, Integer metricsPort, boolean metrics, boolean auditLog,
                                 boolean storePrompts) {
  public static final MonitoringSettings DEFAULTS = new MonitoringSettings(true, null, true, true, false);

  /** These settings with another metrics-only port (null for none). */
  public MonitoringSettings withMetricsPort(Integer port) {
    return new MonitoringSettings(metricsRequireAuth, port, metrics, auditLog, storePrompts);
  }

  public MonitoringSettings {
    if (metricsPort != null && (metricsPort < 0 || metricsPort > 65_535)) {
      throw new IllegalArgumentException("metrics_port must be 0..65535, got " + metricsPort);
    }
  }
}
