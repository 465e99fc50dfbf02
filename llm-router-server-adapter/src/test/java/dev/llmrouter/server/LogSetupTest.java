package dev.llmrouter.server;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.AsyncAppender;
import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.Configurator.ExecutionStatus;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.Appender;
import ch.qos.logback.core.ConsoleAppender;
import java.util.ServiceLoader;
import org.junit.jupiter.api.Test;

class LogSetupTest {
  @Test
  void logbackFindsItThroughTheServiceLoader() {
    assertThat(ServiceLoader.load(ch.qos.logback.classic.spi.Configurator.class).stream()
        .map(ServiceLoader.Provider::type)).contains(LogSetup.class);
  }

  @Test
  void theAuditLineGoesToStandardOutputAloneAndTheRestToStandardErrorAsynchronously() {
    LoggerContext context = new LoggerContext();
    LogSetup.apply(context);

    Logger audit = context.getLogger(LogSetup.AUDIT_LOGGER);
    assertThat(audit.isAdditive()).isFalse();
    assertThat(audit.isInfoEnabled()).isTrue();
    ConsoleAppender<ILoggingEvent> out = (ConsoleAppender<ILoggingEvent>) audit.getAppender("AUDIT");
    assertThat(out.getTarget()).isEqualTo("System.out");
    assertThat(out.isStarted()).isTrue();

    Logger root = context.getLogger(Logger.ROOT_LOGGER_NAME);
    assertThat(root.getLevel()).isEqualTo(Level.INFO);
    AsyncAppender async = (AsyncAppender) root.getAppender("ASYNC");
    assertThat(async.isStarted()).isTrue();
    assertThat(async.getDiscardingThreshold()).isZero();
    Appender<ILoggingEvent> err = async.getAppender("STDERR");
    assertThat(((ConsoleAppender<ILoggingEvent>) err).getTarget()).isEqualTo("System.err");

    assertThat(context.getLogger(LogSetup.ACCESS_LOGGER).isDebugEnabled()).isFalse(); // a line per request: off
    assertThat(context.getLogger("org.eclipse.jetty.server.Server").isInfoEnabled()).isFalse();
    assertThat(context.getLogger("okhttp3.OkHttpClient").isWarnEnabled()).isTrue();
    assertThat(context.getLogger("dev.llmrouter.server.ServerMain").isInfoEnabled()).isTrue();
    context.stop();
  }

  @Test
  void aLogbackFileOnTheClassPathIsLeftToLogback() {
    // the providers' test jar on this module's test class path holds a logback-test.xml
    assertThat(LogSetup.class.getClassLoader().getResource("logback-test.xml")).isNotNull();
    LoggerContext context = new LoggerContext();
    LogSetup setup = new LogSetup();
    setup.setContext(context);
    assertThat(setup.configure(context)).isEqualTo(ExecutionStatus.INVOKE_NEXT_IF_ANY);
    assertThat(context.getLogger(Logger.ROOT_LOGGER_NAME).getAppender("ASYNC")).isNull();
  }
}
