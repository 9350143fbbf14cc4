package io.github.dispatchkit.sonorancad;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.dispatchkit.sonorancad.exception.ClientRateLimitException;
import io.github.dispatchkit.sonorancad.generated.model.SetUnitStatusRequest;
import io.github.dispatchkit.sonorancad.generated.model.UnitStatus;
import io.github.dispatchkit.sonorancad.ratelimit.RateLimitMode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** {@code fromEnvironment()} reads every variable the README and the quick start tell users to set. */
class EnvironmentTest {
  /** The quick start's demo account: a call argument of the example, not client configuration. */
  private static final Set<String> NOT_CLIENT_SETTINGS = Set.of("SONORAN_ACCOUNT_UUID");

  @RegisterExtension final ClientTestServer api = new ClientTestServer();

  @Test
  void readsEveryVariableTheReadmeAndQuickStartUse() throws IOException {
    Set<String> documented = new TreeSet<>();
    for (String file : new String[] {
        "README.md", "src/test/java/io/github/dispatchkit/sonorancad/example/QuickStart.java"}) {
      Matcher name = Pattern.compile("SONORAN_[A-Z_]+").matcher(Files.readString(Path.of(file)));
      while (name.find()) {
        documented.add(name.group());
      }
    }
    documented.removeAll(NOT_CLIENT_SETTINGS);
    assertThat(documented).contains("SONORAN_API_KEY", "SONORAN_RATE_LIMIT_WINDOW");

    Set<String> read = new TreeSet<>();
    Map<String, String> environment = new HashMap<>() {
      private static final long serialVersionUID = 1L;

      @Override
      public String get(Object key) {
        read.add((String) key);
        return super.get(key);
      }
    };
    environment.putAll(Map.of(
        "SONORAN_API_KEY", "env-key",
        "SONORAN_BASE_URL", api.server.baseUrl(),
        "SONORAN_SERVER_ID", "2",
        "SONORAN_RATE_LIMIT_WINDOW", "PT5S"));
    SonoranCadClient.fromEnvironment(environment).build().close();
    assertThat(read).containsAll(documented);
  }

  @Test
  void rateLimitWindowReplacesTheDocumentedWindow() {
    FakeTime time = new FakeTime();
    SonoranCadClient.Builder builder = SonoranCadClient.fromEnvironment(Map.of(
        "SONORAN_API_KEY", api.apiKey,
        "SONORAN_BASE_URL", api.server.baseUrl(),
        "SONORAN_RATE_LIMIT_WINDOW", " PT5S "));
    SetUnitStatusRequest request =
        SetUnitStatusRequest.builder().communityUserId("player-1234").status(UnitStatus.ENROUTE).build();
    try (SonoranCadClient client = builder.clock(time).sleeper(time).rateLimitMode(RateLimitMode.FAIL_FAST).build()) {
      for (int i = 0; i < 30; i++) {
        client.emergency().units().setUnitStatus(request);
      }
      assertThatThrownBy(() -> client.emergency().units().setUnitStatus(request))
          .isInstanceOfSatisfying(ClientRateLimitException.class, e -> assertThat(e.retryAfter().orElseThrow())
              .isPositive().isLessThanOrEqualTo(Duration.ofSeconds(5)));
      time.advance(Duration.ofSeconds(5).plusMillis(1));
      client.emergency().units().setUnitStatus(request);
    }
    assertThat(api.requestCount()).isEqualTo(31);
  }

  @Test
  void invalidWindowNamesTheVariable() {
    for (String value : new String[] {"5s", "PT0S", "-PT1S"}) {
      assertThatThrownBy(() -> SonoranCadClient.fromEnvironment(
          Map.of("SONORAN_API_KEY", "k", "SONORAN_RATE_LIMIT_WINDOW", value)))
          .isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("SONORAN_RATE_LIMIT_WINDOW")
          .hasMessageContaining(value);
    }
    SonoranCadClient.fromEnvironment(Map.of("SONORAN_API_KEY", "k", "SONORAN_RATE_LIMIT_WINDOW", " "))
        .build().close();
  }

  @Test
  void allowInsecureHttpHasAnEnvironmentVariable() {
    Map<String, String> environment = new HashMap<>(Map.of(
        "SONORAN_API_KEY", "env-key", "SONORAN_BASE_URL", "http://sonoran.internal:8080"));
    assertThatThrownBy(() -> SonoranCadClient.fromEnvironment(environment).build())
        .isInstanceOf(IllegalStateException.class).hasMessageContaining("SONORAN_ALLOW_INSECURE_HTTP=true");
    environment.put("SONORAN_ALLOW_INSECURE_HTTP", "TRUE");
    try (SonoranCadClient client = SonoranCadClient.fromEnvironment(environment).build()) {
      assertThat(client.toString()).contains("http://sonoran.internal:8080/");
    }
    environment.put("SONORAN_ALLOW_INSECURE_HTTP", "yes");
    assertThatThrownBy(() -> SonoranCadClient.fromEnvironment(environment))
        .isInstanceOf(IllegalStateException.class).hasMessageContaining("neither true nor false: yes");
  }
}
