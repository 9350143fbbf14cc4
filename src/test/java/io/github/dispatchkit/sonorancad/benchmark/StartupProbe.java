package io.github.dispatchkit.sonorancad.benchmark;

import io.github.dispatchkit.sonorancad.SonoranCadClient;
import io.github.dispatchkit.sonorancad.generated.model.SetUnitStatusRequest;
import io.github.dispatchkit.sonorancad.generated.model.UnitStatus;
import java.util.List;

/**
 * One start-up of {@link ClientBenchmark}'s start-up scenario, run as its own fresh JVM:
 * {@code java -cp <test class path> ...StartupProbe client|hand-written <baseUrl>}.
 *
 * <p>Times, with {@link System#nanoTime()} from the first statement of {@code main}, building a
 * client (<i>build</i>), then its first Set Unit Status, the request object built, sent, answered
 * and decoded (<i>first call</i>), and prints {@code startup <build ns> <first call ns> <updated>}.
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
    System.out.println("startup " + (built - start) + " " + (called - built) + " " + updated);
    System.out.flush();
    // Neither client is closed: the JVM ends here, as a short-lived program's would.
    System.exit(updated == 1 ? 0 : 1);
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
