package dev.llmrouter.store;

import dev.llmrouter.api.Usage;
import dev.llmrouter.spi.state.SpendRecord;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;

/**
 * Spend records that could not reach the database, kept on local disk until they can: when the in-memory queue is
 * full while the database is away, and at a stop that finds it away. One file per spill, written whole then
 * renamed (a crash mid-write leaves no half file), one record per line, fields percent-encoded and tab-separated.
 * {@link #drain} hands them back, oldest file first, and deletes a file only once its records were written.
 */
final class SpendSpool {
  private static final String SUFFIX = ".spend";
  private final Path dir;

  SpendSpool(Path dir) {
    this.dir = dir;
  }

  Path dir() {
    return dir;
  }

  void spill(List<SpendRecord> records) {
    if (records.isEmpty()) {
      return;
    }
    try {
      Files.createDirectories(dir);
      String name = System.currentTimeMillis() + "-" + UUID.randomUUID();
      Path tmp = dir.resolve(name + ".tmp");
      try (BufferedWriter w = Files.newBufferedWriter(tmp, StandardCharsets.UTF_8)) {
        for (SpendRecord r : records) {
          w.write(line(r));
          w.newLine();
        }
      }
      Files.move(tmp, dir.resolve(name + SUFFIX), StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot spool " + records.size() + " spend records to " + dir, e);
    }
  }

  /** Records waiting on disk. */
  long count() {
    long n = 0;
    for (Path f : files()) {
      try (Stream<String> lines = Files.lines(f)) {
        n += lines.count();
      } catch (IOException e) {
        // counted next time
      }
    }
    return n;
  }

  /** Hands each file's records to {@code writer}; the file goes once they were written. Stops at a failure. */
  void drain(java.util.function.Consumer<List<SpendRecord>> writer) {
    for (Path f : files()) {
      List<SpendRecord> records = new ArrayList<>();
      try {
        for (String line : Files.readAllLines(f, StandardCharsets.UTF_8)) {
          if (!line.isBlank()) {
            records.add(parse(line));
          }
        }
      } catch (IOException e) {
        throw new UncheckedIOException("cannot read spooled spend records " + f, e);
      }
      for (int i = 0; i < records.size(); i += JdbcSpendLog.BATCH) {
        writer.accept(records.subList(i, Math.min(records.size(), i + JdbcSpendLog.BATCH)));
      }
      try {
        Files.delete(f);
      } catch (IOException e) {
        throw new UncheckedIOException(e); // written again next time: kept once per call id
      }
    }
  }

  private List<Path> files() {
    if (!Files.isDirectory(dir)) {
      return List.of();
    }
    try (Stream<Path> s = Files.list(dir)) {
      return s.filter(p -> p.getFileName().toString().endsWith(SUFFIX)).sorted().toList();
    } catch (IOException e) {
      return List.of();
    }
  }

  private static String line(SpendRecord r) {
    Usage u = r.usage();
    return String.join("\t", enc(r.callId()), Long.toString(r.time().toEpochMilli()), enc(r.tenantId()),
        enc(r.keyId()), enc(r.alias()), enc(r.deploymentId()), enc(r.providerModel()),
        Long.toString(u.inputTokens()), Long.toString(u.outputTokens()), Long.toString(u.cacheReadTokens()),
        Long.toString(u.cacheWriteTokens()), Long.toString(u.reasoningTokens()),
        r.cost() == null ? "-" : r.cost().toPlainString(), enc(r.status()), enc(r.errorType()),
        r.latency() == null ? "-" : Long.toString(r.latency().toMillis()),
        r.timeToFirstToken() == null ? "-" : Long.toString(r.timeToFirstToken().toMillis()),
        Boolean.toString(r.stream()), Boolean.toString(r.cacheHit()), enc(r.endUser()), enc(r.session()),
        enc(r.ingress()), enc(r.client()), Integer.toString(r.attempts()),
        Long.toString(r.upstreamLatency().toMillis()));
  }

  /** A line of this version, or of the one before it (21 fields: without origin, attempts and upstream time). */
  private static SpendRecord parse(String line) {
    String[] f = line.split("\t", -1);
    boolean origin = f.length >= 25;
    return new SpendRecord(dec(f[0]), Instant.ofEpochMilli(Long.parseLong(f[1])), dec(f[2]), dec(f[3]), dec(f[4]),
        dec(f[5]), dec(f[6]), new Usage(Long.parseLong(f[7]), Long.parseLong(f[8]), Long.parseLong(f[9]),
        Long.parseLong(f[10]), Long.parseLong(f[11])), f[12].equals("-") ? null : new BigDecimal(f[12]), dec(f[13]),
        dec(f[14]), f[15].equals("-") ? null : Duration.ofMillis(Long.parseLong(f[15])),
        f[16].equals("-") ? null : Duration.ofMillis(Long.parseLong(f[16])), Boolean.parseBoolean(f[17]),
        Boolean.parseBoolean(f[18]), dec(f[19]), dec(f[20]), origin ? dec(f[21]) : null, origin ? dec(f[22]) : null,
        origin ? Integer.parseInt(f[23]) : 0, origin ? Duration.ofMillis(Long.parseLong(f[24])) : null);
  }

  private static String enc(String s) {
    return s == null ? "-" : "=" + URLEncoder.encode(s, StandardCharsets.UTF_8);
  }

  private static String dec(String s) {
    return s.equals("-") ? null : URLDecoder.decode(s.substring(1), StandardCharsets.UTF_8);
  }
}
