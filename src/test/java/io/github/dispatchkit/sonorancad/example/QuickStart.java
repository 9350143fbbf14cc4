package io.github.dispatchkit.sonorancad.example;

import io.github.dispatchkit.sonorancad.SonoranCadClient;
import io.github.dispatchkit.sonorancad.exception.BadRequestException;
import io.github.dispatchkit.sonorancad.exception.NotFoundException;
import io.github.dispatchkit.sonorancad.exception.RequestValidationException;
import io.github.dispatchkit.sonorancad.generated.model.CreateIdentifierRequest;
import io.github.dispatchkit.sonorancad.generated.model.CreateIdentifierResponse;
import io.github.dispatchkit.sonorancad.generated.model.SetUnitStatusRequest;
import io.github.dispatchkit.sonorancad.generated.model.SetUnitStatusResponse;
import io.github.dispatchkit.sonorancad.generated.model.UnitStatus;
import io.github.dispatchkit.sonorancad.generated.service.EmergencyIdentifiersService;
import io.github.dispatchkit.sonorancad.generated.service.EmergencyUnitsService;
import io.github.dispatchkit.sonorancad.sandbox.SonoranCadSandbox;
import java.io.PrintStream;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.stream.Collectors;
import okhttp3.OkHttpClient;

/**
 * The README's quick start: creates identifiers and sets their status with the public client, printing each HTTP exchange.
 *
 * <p>By default it starts the embedded {@link SonoranCadSandbox} on a free loopback port, with a
 * 2-second rate-limit window so that the burst at the end takes seconds, not a minute. With
 * {@code SONORAN_BASE_URL} and {@code SONORAN_API_KEY} set it talks to that server instead (the
 * client refuses plain http except on loopback); {@code SONORAN_SERVER_ID},
 * {@code SONORAN_ACCOUNT_UUID} and {@code SONORAN_RATE_LIMIT_WINDOW} (ISO-8601, to match a sandbox
 * started with a short window) are optional. Steps: create two identifiers; set their status through
 * each kind of target; show a request the client refuses, a 400 and a 404; then send a burst of more
 * calls than the limit allows, which the client spaces instead of having them rejected.
 *
 * <p>Run it with {@code mvn -q test-compile exec:java@quickstart}. Exits 0 on success, 1 on failure.
 */
public final class QuickStart {

  /** The account the demo creates identifiers for, unless {@code SONORAN_ACCOUNT_UUID} names another. */
  public static final UUID DEMO_ACCOUNT_UUID = UUID.fromString("4d0c2a8e-3f4b-4f6e-9a51-2b7c9e1d5a10");
  /** The community user ID the demo targets, linked to {@link #DEMO_ACCOUNT_UUID} in the sandbox. */
  public static final String DEMO_COMMUNITY_USER_ID = "player-1234";
  /** The Discord user ID the demo targets, linked to {@link #DEMO_ACCOUNT_UUID} in the sandbox. */
  public static final String DEMO_DISCORD_ID = "123456789012345678";
  /** The Roblox user ID the demo targets, linked to {@link #DEMO_ACCOUNT_UUID} in the sandbox. */
  public static final long DEMO_ROBLOX_ID = 123456789L;

  /** Set Unit Status's documented limit: 30 requests per minute per API key. */
  static final int SET_UNIT_STATUS_LIMIT = 30;
  static final Duration SET_UNIT_STATUS_PERIOD = Duration.ofMinutes(1);
  /** The window of the embedded sandbox, and so of the client talking to it. */
  static final Duration SANDBOX_WINDOW = Duration.ofSeconds(2);
  static final int BURST_CALLS = SET_UNIT_STATUS_LIMIT + 5;

  /**
   * What a run did, for its test.
   *
   * @param statusCounts responses the client received, by status code
   * @param sandboxStatusCounts responses the embedded sandbox sent, by status code; empty for another server
   * @param burstPause the longest gap between two answers of the burst, where the client waited for permits
   * @param burstElapsed how long the burst took
   */
  record Result(
      Map<Integer, Integer> statusCounts,
      Map<Integer, Integer> sandboxStatusCounts,
      Duration burstPause,
      Duration burstElapsed) {}

  /** Where to send requests: a server's base URL and API key, and the demo's parameters for it. */
  private record Target(String baseUrl, String apiKey, Duration rateLimitWindow, int serverId, UUID accountUuid) {}

  private QuickStart() {
  }

  /** Runs the quick start against the sandbox, or the server named by the environment; exits 1 on failure. */
  public static void main(String[] args) {
    try {
      run(System.getenv(), System.out);
    } catch (RuntimeException e) {
      System.out.flush();
      System.err.println("Quick start failed: " + e);
      System.exit(1);
    }
  }

  static Result run(Map<String, String> environment, PrintStream out) {
    String baseUrl = variable(environment, "SONORAN_BASE_URL");
    String apiKey = variable(environment, "SONORAN_API_KEY");
    if ((baseUrl == null) != (apiKey == null)) {
      throw new IllegalStateException(
          "set both SONORAN_BASE_URL and SONORAN_API_KEY to use your server, or neither to use the embedded sandbox");
    }
    if (baseUrl != null) {
      String window = variable(environment, "SONORAN_RATE_LIMIT_WINDOW");
      String serverId = variable(environment, "SONORAN_SERVER_ID");
      String account = variable(environment, "SONORAN_ACCOUNT_UUID");
      Target target = new Target(baseUrl, apiKey,
          window == null ? null : Duration.parse(window),
          serverId == null ? 1 : Integer.parseInt(serverId),
          account == null ? DEMO_ACCOUNT_UUID : UUID.fromString(account));
      out.println("Sonoran CAD quick start against " + baseUrl);
      return demo(target, out);
    }

    Map<Integer, Integer> sandboxStatusCounts = new TreeMap<>();
    try (SonoranCadSandbox sandbox = SonoranCadSandbox.builder()
        .linkCommunityUser(DEMO_COMMUNITY_USER_ID, DEMO_ACCOUNT_UUID)
        .linkDiscord(DEMO_DISCORD_ID, DEMO_ACCOUNT_UUID)
        .linkRoblox(DEMO_ROBLOX_ID, DEMO_ACCOUNT_UUID)
        .rateLimitWindow(SANDBOX_WINDOW)
        .onExchange(exchange -> {
          synchronized (sandboxStatusCounts) {
            sandboxStatusCounts.merge(exchange.status(), 1, Integer::sum);
          }
        })
        .build()
        .start()) {
      out.println("Sonoran CAD quick start against the embedded sandbox at " + sandbox.baseUrl()
          + " (rate-limit window " + SANDBOX_WINDOW + " instead of " + SET_UNIT_STATUS_PERIOD + ")");
      Target target = new Target(sandbox.baseUrl(), sandbox.apiKey(), SANDBOX_WINDOW, 1, DEMO_ACCOUNT_UUID);
      Result result = demo(target, out);
      synchronized (sandboxStatusCounts) {
        out.println("The sandbox answered " + describe(sandboxStatusCounts) + ".");
        if (sandboxStatusCounts.containsKey(429)) {
          throw new IllegalStateException("the sandbox rejected a request with 429; the client should have waited");
        }
        return new Result(result.statusCounts(), new TreeMap<>(sandboxStatusCounts), result.burstPause(),
            result.burstElapsed());
      }
    }
  }

  private static Result demo(Target target, PrintStream out) {
    out.println("Each request carries Authorization: Bearer *** (the key is never printed).");
    out.println("  > request sent   < response received   = what the client returned or threw");
    TranscriptInterceptor transcript = new TranscriptInterceptor(out, target.apiKey());
    OkHttpClient http = new OkHttpClient.Builder().addInterceptor(transcript).build();
    SonoranCadClient.Builder builder = SonoranCadClient.builder()
        .apiKey(target.apiKey())
        .baseUrl(target.baseUrl())
        .defaultServerId(target.serverId())
        .okHttpClient(http);
    if (target.rateLimitWindow() != null) {
      builder.rateLimitWindow(target.rateLimitWindow());
    }
    try (SonoranCadClient client = builder.build()) {
      EmergencyIdentifiersService identifiers = client.emergency().identifiers();
      EmergencyUnitsService units = client.emergency().units();

      out.println();
      out.println("1. Create two identifiers for account " + target.accountUuid());
      CreateIdentifierResponse first = identifiers.createIdentifier(target.accountUuid(),
          CreateIdentifierRequest.builder().unitNum("A-10").name("John Doe").department("LSPD").build());
      CreateIdentifierResponse second = identifiers.createIdentifier(target.accountUuid(),
          CreateIdentifierRequest.builder().unitNum("A-11").name("Jane Roe").department("LSPD").build());
      out.println("  = identIds " + first.identId() + " and " + second.identId());

      out.println();
      out.println("2. Set their status through each kind of target");
      show(out, units.setUnitStatus(SetUnitStatusRequest.builder()
          .identIds(List.of(first.identId())).status(UnitStatus.ENROUTE).build()));
      show(out, units.setUnitStatus(SetUnitStatusRequest.builder()
          .communityUserId(DEMO_COMMUNITY_USER_ID).status(UnitStatus.ON_SCENE).build()));
      show(out, units.setUnitStatus(SetUnitStatusRequest.builder()
          .discord(DEMO_DISCORD_ID).status(UnitStatus.AVAILABLE).build()));
      show(out, units.setUnitStatus(SetUnitStatusRequest.builder()
          .roblox(DEMO_ROBLOX_ID).status(UnitStatus.BUSY).build()));
      show(out, units.setUnitStatus(SetUnitStatusRequest.builder()
          .accountUuid(target.accountUuid()).status(UnitStatus.UNAVAILABLE).build()));

      out.println();
      out.println("3. Errors");
      out.println("  A request without a target is refused by the client, before any I/O:");
      try {
        units.setUnitStatus(SetUnitStatusRequest.builder().status(UnitStatus.ENROUTE).build());
        throw new IllegalStateException("the client sent a Set Unit Status request without a target");
      } catch (RequestValidationException expected) {
        out.println("  = " + expected);
      }
      out.println("  A status the API does not document (7) reaches the server, which answers 400:");
      try {
        units.setUnitStatus(SetUnitStatusRequest.builder()
            .identIds(List.of(first.identId())).status(UnitStatus.of(7)).build());
        throw new IllegalStateException("the server accepted status 7");
      } catch (BadRequestException expected) {
        out.println("  = BadRequestException " + expected.statusCode() + " " + expected.title() + ": " + expected.detail());
      }
      out.println("  A server ID that is not configured is 404:");
      try {
        units.setUnitStatus(99, SetUnitStatusRequest.builder()
            .identIds(List.of(first.identId())).status(UnitStatus.ENROUTE).build());
        throw new IllegalStateException("the server accepted server ID 99");
      } catch (NotFoundException expected) {
        out.println("  = NotFoundException " + expected.statusCode() + " " + expected.title() + ": " + expected.detail());
      }

      out.println();
      Duration window = target.rateLimitWindow() != null ? target.rateLimitWindow() : SET_UNIT_STATUS_PERIOD;
      out.println("4. A burst of " + BURST_CALLS + " Set Unit Status calls, more than the " + SET_UNIT_STATUS_LIMIT
          + " allowed per " + window + " (exchanges not printed)");
      Map<Integer, Integer> before = transcript.statusCounts();
      transcript.printing(false);
      SetUnitStatusRequest request = SetUnitStatusRequest.builder()
          .identIds(List.of(first.identId(), second.identId())).status(UnitStatus.ENROUTE).build();
      long[] answeredAt = new long[BURST_CALLS];
      long burstStart = System.nanoTime();
      for (int i = 0; i < BURST_CALLS; i++) {
        units.setUnitStatus(request);
        answeredAt[i] = System.nanoTime() - burstStart;
      }
      transcript.printing(true);
      // The longest gap between two answers is where the client held calls back for permits.
      int pauseBefore = 0;
      long pause = answeredAt[0];
      for (int i = 1; i < BURST_CALLS; i++) {
        if (answeredAt[i] - answeredAt[i - 1] > pause) {
          pause = answeredAt[i] - answeredAt[i - 1];
          pauseBefore = i;
        }
      }
      Duration elapsed = Duration.ofNanos(answeredAt[BURST_CALLS - 1]);
      Map<Integer, Integer> burstCounts = difference(transcript.statusCounts(), before);
      out.printf("  = %d calls in %.2f s: %s%n", BURST_CALLS, seconds(elapsed), describe(burstCounts));
      out.printf("    %d answered by %.2f s; then the client paused %.2f s for permits to free; "
              + "the other %d answered by %.2f s%n",
          pauseBefore, pauseBefore == 0 ? 0 : seconds(Duration.ofNanos(answeredAt[pauseBefore - 1])),
          seconds(Duration.ofNanos(pause)), BURST_CALLS - pauseBefore, seconds(elapsed));
      out.println("    The client never lets a window hold more than the limit (steps 2 and 3 count too),");
      out.println("    so the burst is spaced instead of rejected.");

      out.println();
      Map<Integer, Integer> statusCounts = transcript.statusCounts();
      out.println("Done: the client received " + describe(statusCounts) + ".");
      return new Result(statusCounts, Map.of(), Duration.ofNanos(pause), elapsed);
    } finally {
      http.dispatcher().executorService().shutdown();
      http.connectionPool().evictAll();
    }
  }

  private static void show(PrintStream out, SetUnitStatusResponse response) {
    out.println("  = updated " + response.updated() + ", status " + response.status());
  }

  private static String describe(Map<Integer, Integer> statusCounts) {
    String counts = statusCounts.entrySet().stream()
        .map(entry -> entry.getValue() + " x " + entry.getKey())
        .collect(Collectors.joining(", "));
    return counts + (statusCounts.containsKey(429) ? "" : ", no 429");
  }

  private static Map<Integer, Integer> difference(Map<Integer, Integer> after, Map<Integer, Integer> before) {
    Map<Integer, Integer> difference = new TreeMap<>();
    after.forEach((status, count) -> {
      int added = count - before.getOrDefault(status, 0);
      if (added > 0) {
        difference.put(status, added);
      }
    });
    return difference;
  }

  private static double seconds(Duration duration) {
    return duration.toNanos() / 1e9;
  }

  private static String variable(Map<String, String> environment, String name) {
    String value = environment.get(name);
    return value == null || value.isBlank() ? null : value.strip();
  }
}
