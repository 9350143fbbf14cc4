package io.github.dispatchkit.sonorancad.benchmark;

import io.github.dispatchkit.sonorancad.SonoranCadClient;
import io.github.dispatchkit.sonorancad.generated.model.SetUnitStatusRequest;
import io.github.dispatchkit.sonorancad.generated.model.UnitStatus;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * One start-up of {@link ClientBenchmark}'s start-up scenario, run as its own fresh JVM:
 * {@code java -cp <test class path> ...StartupProbe client|hand-written <baseUrl>}.
 *
 * <p>Times, with {@link System#nanoTime()} from the first statement of {@code main}, building a
 * client (<i>build</i>), then its first Set Unit Status, the request object built, sent, answered
 * and decoded (<i>first call</i>), and prints {@code startup <build ns> <first call ns> <cpu ns> <updated>},
 * where {@code cpu} is the process's CPU time from launch to the answer of the first call.
 * The client is {@link SonoranCadClient} with its defaults (the rate limiter and its in-JVM store
 * included, as a user gets it); the hand-written one is {@link HandWritten} on a new
 * {@code OkHttpClient}. Each variant lives in its own nested class, so the JVM loads none of its
 * classes before the clock starts. No lambda either: the first one in a JVM costs both variants
 * alike tens of milliseconds, which would hide a difference.
 */
public final class StartupProbe {
  private StartupProbe() {
  }

  /** One call of a started client; returns the decoded {@code updated}. */
  @FunctionalInterface
  interface FirstCall {
    int call() throws Exception;
  }

  public static void main(String[] args) throws Exception {
    long start = System.nanoTime();
    FirstCall first = args[0].equals("client") ? ClientStart.build(args[1]) : HandWrittenStart.build(args[1]);
    long built = System.nanoTime();
    int updated = first.call();
    long called = System.nanoTime();
    long cpu = processCpuNanos();
    System.out.println("startup " + (built - start) + " " + (called - built) + " " + cpu + " " + updated);
    System.out.flush();
    // Neither client is closed: the JVM ends here, as a short-lived program's would.
    System.exit(updated == 1 ? 0 : 1);
  }

  /**
   * The CPU time of this process so far, every thread (JIT compilers and GC included) since the JVM
   * was launched: from {@code /proc/self/stat} (to 10 ms), so that reading it loads nothing; elsewhere
   * from the platform's {@code OperatingSystemMXBean}.
   */
  private static long processCpuNanos() throws IOException {
    Path stat = Path.of("/proc/self/stat");
    if (Files.isReadable(stat)) {
      String text = Files.readString(stat);
      // After the command name in parentheses: state is field 3, utime and stime fields 14 and 15, in
      // clock ticks of 1/100 s (USER_HZ).
      String[] fields = text.substring(text.lastIndexOf(')') + 2).split(" ");
      return (Long.parseLong(fields[11]) + Long.parseLong(fields[12])) * 10_000_000L;
    }
    return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
        .getProcessCpuTime();
  }

  /** The client under test. */
  private static final class ClientStart implements FirstCall {
    private final SonoranCadClient client;

    private ClientStart(SonoranCadClient client) {
      this.client = client;
    }

    static FirstCall build(String baseUrl) {
      return new ClientStart(SonoranCadClient.builder()
          .apiKey("bench-startup-client")
          .baseUrl(baseUrl)
          .build());
    }

    @Override
    public int call() {
      SetUnitStatusRequest request = SetUnitStatusRequest.builder()
          .communityUserIds(List.of("player-1234"))
          .status(UnitStatus.ENROUTE)
          .build();
      return client.emergency().units().setUnitStatus(request).updated();
    }
  }

  /** The hand-written OkHttp + Moshi baseline. */
  private static final class HandWrittenStart implements FirstCall {
    private final HandWritten handWritten;

    private HandWrittenStart(HandWritten handWritten) {
      this.handWritten = handWritten;
    }

    static FirstCall build(String baseUrl) {
      return new HandWrittenStart(new HandWritten(baseUrl, "bench-startup-hand-written"));
    }

    @Override
    public int call() throws Exception {
      return handWritten.setUnitStatus(new HandWritten.StatusChange(List.of("player-1234"), 3));
    }
  }
}
