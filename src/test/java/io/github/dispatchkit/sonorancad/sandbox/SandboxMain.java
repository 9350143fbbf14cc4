package io.github.dispatchkit.sonorancad.sandbox;

import io.github.dispatchkit.sonorancad.example.QuickStart;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.HttpURLConnection;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.function.BiConsumer;
import java.util.function.Consumer;

/**
 * Runs a {@link SonoranCadSandbox} on its own until Ctrl-C, for testing other tools (a FiveM resource, a bot) against it.
 *
 * <p>{@code java -jar sonoran-cad-client-<version>-sandbox.jar} (the jar {@code mvn verify} builds) or
 * {@code mvn -q test-compile exec:java@sandbox} starts it on {@code http://127.0.0.1:8080}. It is
 * configured with options, or with the system properties they stand for, each optional (an option
 * wins over its property):
 * <ul>
 *   <li>{@code --port} ({@code sandbox.port}): the loopback port, default 8080; 0 picks a free one;
 *   <li>{@code --api-key} ({@code sandbox.apiKey}): the accepted API key, default
 *       {@value SonoranCadSandbox#DEFAULT_API_KEY};
 *   <li>{@code --server-ids} ({@code sandbox.serverIds}): configured server IDs, comma-separated, default {@code 1};
 *   <li>{@code --window} ({@code sandbox.window}): an ISO-8601 duration such as {@code PT5S} replacing
 *       every documented rate-limit period, default the documented ones;
 *   <li>{@code --community-users}, {@code --discord}, {@code --roblox} ({@code sandbox.communityUsers},
 *       {@code sandbox.discord}, {@code sandbox.roblox}): links, as comma-separated
 *       {@code id=accountUuid} pairs. When none of the three is given, the quick start's demo IDs are
 *       linked to its demo account, so it can run against this sandbox;
 *   <li>{@code --hub-port} ({@code sandbox.hubPort}): the loopback port of its push-event hub
 *       ({@link SandboxEventHub}, fed by a {@link SandboxEventBridge}); default 0, a free port (printed
 *       at start-up), so that several sandboxes run side by side; {@code off} runs none;
 *   <li>{@code --event-listener} ({@code sandbox.eventListener}): an HTTP push listener's URL, such as
 *       {@code http://127.0.0.1:30120/sonorancad/event}, that the hub POSTs events to when no hub
 *       session is connected for their server; default none;
 *   <li>{@code --warm-up}: starts, sends itself one request, prints how long after the JVM's launch its
 *       answer came and exits (the start-up time; the build's training run for the class-data archive).
 * </ul>
 * Options take their value as the next argument or after {@code =} ({@code --port=9000}). It prints
 * the base URL, hub URL and API key to use, then one line per request it answers (the query string
 * included). A port that cannot be bound ends it with a message naming the port.
 */
public final class SandboxMain {

  /** The most characters of a request or response body one log line shows. */
  static final int LOGGED_BODY_CHARS = 1_000;
  private static final String WARM_UP = "--warm-up";
  private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss.SSS");
  private static final Map<String, String> OPTIONS = Map.of(
      "--port", "sandbox.port",
      "--api-key", "sandbox.apiKey",
      "--server-ids", "sandbox.serverIds",
      "--window", "sandbox.window",
      "--community-users", "sandbox.communityUsers",
      "--discord", "sandbox.discord",
      "--roblox", "sandbox.roblox",
      "--hub-port", "sandbox.hubPort",
      "--event-listener", "sandbox.eventListener");
  private static final String USAGE = "Usage: java -jar sonoran-cad-client-<version>-sandbox.jar [--port 8080]"
      + " [--api-key KEY] [--server-ids 1,2] [--window PT5S] [--community-users id=accountUuid,...]"
      + " [--discord id=accountUuid,...] [--roblox id=accountUuid,...] [--hub-port 0|8081|off]"
      + " [--event-listener URL] [--warm-up]";

  private SandboxMain() {
  }

  /** Starts the sandbox configured by the options and system properties and serves until the JVM is stopped. */
  public static void main(String[] args) throws InterruptedException {
    if (Arrays.asList(args).contains("--help") || Arrays.asList(args).contains("-h")) {
      System.out.println(USAGE);
      return;
    }
    // The spec's parse, most of the start-up, runs meanwhile the options are read and the hub starts.
    Thread spec = new Thread(CuratedSpec::packaged, "sonoran-cad-sandbox-spec");
    spec.setDaemon(true);
    spec.start();
    boolean warmUp = Arrays.asList(args).contains(WARM_UP);
    args = Arrays.stream(args).filter(arg -> !arg.equals(WARM_UP)).toArray(String[]::new);
    SonoranCadSandbox sandbox;
    SandboxEventHub hub = null;
    try {
      Properties options = withOptions(System.getProperties(), args);
      Optional<SandboxEventHub.Builder> hubBuilder = configureHub(options);
      if (hubBuilder.isPresent()) {
        hub = hubBuilder.get().build().start();
      }
      Consumer<SandboxExchange> events = hub == null ? exchange -> { } : new SandboxEventBridge(hub);
      sandbox = configure(options, System.out, events).build().start();
    } catch (IllegalArgumentException | DateTimeParseException e) {
      System.err.println("Cannot start the sandbox: " + e.getMessage());
      System.err.println(USAGE);
      System.exit(2);
      return;
    } catch (UncheckedIOException e) {
      if (hub != null) {
        hub.close();
      }
      System.err.println("Cannot start the sandbox: " + e.getMessage() + ". Choose another port with "
          + (hub == null && e.getMessage().contains("hub") ? "--hub-port" : "--port") + " (0 picks a free one).");
      System.exit(2);
      return;
    }
    SandboxEventHub startedHub = hub;
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      sandbox.close();
      if (startedHub != null) {
        startedHub.close();
      }
      stopped.countDown();
    }, "sonoran-cad-sandbox-shutdown"));
    System.out.println("Sonoran CAD sandbox at " + sandbox.baseUrl());
    System.out.println("  push events hub: " + (hub == null ? "off (--hub-port 0 starts it on a free port)"
        : hub.url() + " (community ID " + SandboxEventHub.DEFAULT_COMMUNITY_ID + ")"));
    sandbox.cannedOperations().forEach(operationId ->
        System.out.println("  " + operationId + ": no sandbox state, answers its documented example"));
    System.out.println("  API key: " + sandbox.apiKey() + "   (a sandbox key, not a secret)");
    System.out.println("  try:     curl -s -X POST -H 'Authorization: Bearer " + sandbox.apiKey()
        + "' -H 'Content-Type: application/json' -d '{\"unitNum\":\"A-10\"}' "
        + sandbox.baseUrl() + "/v2/emergency/accounts/" + QuickStart.DEMO_ACCOUNT_UUID + "/identifiers");
    if (warmUp) {
      System.out.println(warmUp(sandbox));
      System.exit(0);
    }
    System.out.println("Serving until Ctrl-C.");
    stopped.await();
  }

  /**
   * Sends one Create Identifier request to the started sandbox, as a client would, and says how long after
   * the launch of the JVM its answer came: the start-up time a user waits, and the training run of the
   * class-data archive the build makes.
   */
  private static String warmUp(SonoranCadSandbox sandbox) {
    try {
      HttpURLConnection connection = (HttpURLConnection) URI.create(sandbox.baseUrl() + "/v2/emergency/accounts/"
          + QuickStart.DEMO_ACCOUNT_UUID + "/identifiers").toURL().openConnection();
      connection.setRequestMethod("POST");
      connection.setRequestProperty("Authorization", "Bearer " + sandbox.apiKey());
      connection.setRequestProperty("Content-Type", "application/json");
      connection.setDoOutput(true);
      connection.getOutputStream().write("{\"unitNum\":\"A-10\"}".getBytes(StandardCharsets.UTF_8));
      int status = connection.getResponseCode();
      long sinceLaunch = Duration.between(ProcessHandle.current().info().startInstant().orElseThrow(), Instant.now())
          .toMillis();
      return "Warm-up: first answer " + status + " " + sinceLaunch + " ms after the JVM's launch";
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Returns a copy of {@code properties} with the command-line options set over it (see the class comment).
   *
   * @throws IllegalArgumentException for an unknown option or one without a value
   */
  static Properties withOptions(Properties properties, String... args) {
    Properties merged = new Properties();
    properties.stringPropertyNames().forEach(name -> merged.setProperty(name, properties.getProperty(name)));
    for (int i = 0; i < args.length; i++) {
      String option = args[i];
      String value = null;
      int equals = option.indexOf('=');
      if (equals > 0) {
        value = option.substring(equals + 1);
        option = option.substring(0, equals);
      }
      String property = OPTIONS.get(option);
      if (property == null) {
        throw new IllegalArgumentException("unknown option " + option);
      }
      if (value == null) {
        if (i + 1 == args.length) {
          throw new IllegalArgumentException(option + " needs a value");
        }
        value = args[++i];
      }
      merged.setProperty(property, value);
    }
    return merged;
  }

  /** Returns {@code body} for the log: at most {@value #LOGGED_BODY_CHARS} characters, then its length. */
  static String logged(String body) {
    return body.length() <= LOGGED_BODY_CHARS ? body
        : body.substring(0, LOGGED_BODY_CHARS) + "... (" + body.length() + " characters)";
  }

  /**
   * Returns a builder configured from {@code properties} (see the class comment), logging every exchange to {@code log}.
   *
   * @throws IllegalArgumentException or {@link DateTimeParseException} if a property is malformed
   */
  static SonoranCadSandbox.Builder configure(Properties properties, PrintStream log) {
    return configure(properties, log, exchange -> { });
  }

  /** As {@link #configure(Properties, PrintStream)}, also passing every exchange to {@code events}. */
  static SonoranCadSandbox.Builder configure(Properties properties, PrintStream log, Consumer<SandboxExchange> events) {
    Consumer<SandboxExchange> logLine = exchange -> log.println(LocalTime.now().truncatedTo(ChronoUnit.MILLIS).format(TIME)
        + "  " + exchange.method() + " " + exchange.target() + " " + logged(exchange.requestBody().strip())
        + "  ->  " + exchange.status() + " " + logged(exchange.responseBody())
        + (exchange.documentedExample() ? "  (no sandbox state for this operation: its documented example)" : ""));
    SonoranCadSandbox.Builder builder = SonoranCadSandbox.builder()
        .port(parsePort("sandbox.port", properties.getProperty("sandbox.port", "8080").strip()))
        .apiKey(properties.getProperty("sandbox.apiKey", SonoranCadSandbox.DEFAULT_API_KEY).strip())
        .serverIds(parseServerIds(properties.getProperty("sandbox.serverIds", "1")))
        .onExchange(logLine.andThen(events));
    String window = properties.getProperty("sandbox.window");
    if (window != null && !window.isBlank()) {
      builder.rateLimitWindow(Duration.parse(window.strip()));
    }
    String communityUsers = properties.getProperty("sandbox.communityUsers");
    String discord = properties.getProperty("sandbox.discord");
    String roblox = properties.getProperty("sandbox.roblox");
    if (communityUsers == null && discord == null && roblox == null) {
      builder.linkCommunityUser(QuickStart.DEMO_COMMUNITY_USER_ID, QuickStart.DEMO_ACCOUNT_UUID)
          .linkDiscord(QuickStart.DEMO_DISCORD_ID, QuickStart.DEMO_ACCOUNT_UUID)
          .linkRoblox(QuickStart.DEMO_ROBLOX_ID, QuickStart.DEMO_ACCOUNT_UUID);
      log.println("Linked the quick start's demo IDs to account " + QuickStart.DEMO_ACCOUNT_UUID + ": community user "
          + QuickStart.DEMO_COMMUNITY_USER_ID + ", Discord " + QuickStart.DEMO_DISCORD_ID + ", Roblox "
          + QuickStart.DEMO_ROBLOX_ID);
    }
    parseLinks("sandbox.communityUsers", communityUsers, builder::linkCommunityUser);
    parseLinks("sandbox.discord", discord, builder::linkDiscord);
    parseLinks("sandbox.roblox", roblox, (id, account) -> {
      try {
        builder.linkRoblox(Long.parseLong(id), account);
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException("sandbox.roblox: not a Roblox user ID: " + id, e);
      }
    });
    return builder;
  }

  /**
   * Returns the push-event hub's builder configured from {@code properties} (see the class comment), or
   * empty when {@code sandbox.hubPort} is {@code off}.
   */
  static Optional<SandboxEventHub.Builder> configureHub(Properties properties) {
    String port = properties.getProperty("sandbox.hubPort", "0").strip();
    if (port.equalsIgnoreCase("off")) {
      return Optional.empty();
    }
    int[] serverIds = parseServerIds(properties.getProperty("sandbox.serverIds", "1"));
    SandboxEventHub.Builder hub = SandboxEventHub.builder()
        .port(parsePort("sandbox.hubPort", port))
        .apiKey(properties.getProperty("sandbox.apiKey", SonoranCadSandbox.DEFAULT_API_KEY).strip())
        .serverIds(Arrays.stream(serverIds).boxed().toArray(Integer[]::new));
    String listener = properties.getProperty("sandbox.eventListener");
    if (listener != null && !listener.isBlank()) {
      hub.httpListenerUrl(listener.strip());
    }
    return Optional.of(hub);
  }

  private static int parsePort(String property, String value) {
    try {
      return Integer.parseInt(value);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(property + ": not a port: " + value, e);
    }
  }

  private static int[] parseServerIds(String value) {
    try {
      return Arrays.stream(value.split(",")).map(String::strip).mapToInt(Integer::parseInt).toArray();
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("sandbox.serverIds: expected integers like 1,2: " + value, e);
    }
  }

  private static void parseLinks(String property, String value, BiConsumer<String, UUID> link) {
    if (value == null || value.isBlank()) {
      return;
    }
    for (String pair : value.split(",")) {
      int equals = pair.lastIndexOf('=');
      if (equals < 1) {
        throw new IllegalArgumentException(property + ": expected id=accountUuid pairs, got: " + pair.strip());
      }
      UUID account;
      try {
        account = UUID.fromString(pair.substring(equals + 1).strip());
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException(property + ": not an account UUID in: " + pair.strip(), e);
      }
      link.accept(pair.substring(0, equals).strip(), account);
    }
  }
}
