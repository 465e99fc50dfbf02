package dev.llmrouter.server;

import ch.qos.logback.classic.AsyncAppender;
import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.Configurator;
import ch.qos.logback.classic.spi.ConfiguratorRank;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.ConsoleAppender;
import ch.qos.logback.core.spi.ContextAwareBase;
import ch.qos.logback.core.status.NopStatusListener;

/**
 * The proxy's logging, set up in code: what a {@code logback.xml} would say, without logback's XML configurator,
 * which took a sixth of the start-up's wall time on one core (its parser and its model, interpreted). Logback finds
 * this through {@code ServiceLoader} before its own configurators.
 *
 * <ul>
 *   <li>everything at INFO and above (Jetty's and OkHttp's at WARN) on standard error, through an asynchronous
 *       appender so a call never waits on the terminal;
 *   <li>the audit log, one JSON line per call, on standard output and nothing else: it has a writer thread of its
 *       own ({@code AuditLog}), so its appender is not asynchronous;
 *   <li>the access log, a line per HTTP request, at DEBUG ({@code dev.llmrouter.server.access}): off.
 * </ul>
 *
 * <p>A deployment that brings its own configuration keeps it: with {@code -Dlogback.configurationFile=...}, or a
 * {@code logback.xml} or {@code logback-test.xml} on the class path, this steps aside for logback's own.
 */
@ConfiguratorRank(ConfiguratorRank.CUSTOM_HIGH_PRIORITY)
public final class LogSetup extends ContextAwareBase implements Configurator {
  static final String PATTERN = "%d{HH:mm:ss.SSS} %-5level %logger{0} - %msg%n";
  static final String AUDIT_LOGGER = "dev.llmrouter.audit";
  static final String ACCESS_LOGGER = "dev.llmrouter.server.access";

  @Override
  public ExecutionStatus configure(LoggerContext context) {
    if (System.getProperty("logback.configurationFile") != null || userFile("logback-test.xml")
        || userFile("logback.xml")) {
      return ExecutionStatus.INVOKE_NEXT_IF_ANY;
    }
    apply(context);
    return ExecutionStatus.DO_NOT_INVOKE_NEXT_IF_ANY;
  }

  /** The proxy's appenders and levels on {@code context}. */
  static void apply(LoggerContext context) {
    NopStatusListener quiet = new NopStatusListener();
    context.getStatusManager().add(quiet);

    AsyncAppender async = new AsyncAppender();
    async.setContext(context);
    async.setName("ASYNC");
    async.setQueueSize(8192);
    async.setDiscardingThreshold(0); // INFO and DEBUG lines are not dropped when the queue fills
    async.addAppender(console(context, "STDERR", "System.err", PATTERN));
    async.start();

    Logger root = context.getLogger(Logger.ROOT_LOGGER_NAME);
    root.setLevel(Level.INFO);
    root.addAppender(async);

    Logger audit = context.getLogger(AUDIT_LOGGER);
    audit.setLevel(Level.INFO);
    audit.setAdditive(false);
    audit.addAppender(console(context, "AUDIT", "System.out", "%msg%n"));

    context.getLogger(ACCESS_LOGGER).setLevel(Level.INFO); // its lines are DEBUG: set it to DEBUG to see them
    context.getLogger("org.eclipse.jetty").setLevel(Level.WARN);
    context.getLogger("okhttp3").setLevel(Level.WARN);
  }

  private static boolean userFile(String name) {
    ClassLoader loader = LogSetup.class.getClassLoader();
    return loader != null && loader.getResource(name) != null;
  }

  private static ConsoleAppender<ILoggingEvent> console(LoggerContext context, String name, String target,
      String pattern) {
    PatternLayoutEncoder encoder = new PatternLayoutEncoder();
    encoder.setContext(context);
    encoder.setPattern(pattern);
    encoder.start();
    ConsoleAppender<ILoggingEvent> appender = new ConsoleAppender<>();
    appender.setContext(context);
    appender.setName(name);
    appender.setTarget(target);
    appender.setEncoder(encoder);
    appender.start();
    return appender;
  }
}
