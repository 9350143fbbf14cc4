package io.github.dispatchkit.sonorancad;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.dispatchkit.sonorancad.generated.model.CreateIdentifierRequest;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The client's own Redis setting: {@code redisUrl} and {@code SONORAN_REDIS_URL}. */
class RedisUrlTest {
  @RegisterExtension static final TestRedis REDIS = new TestRedis();
  @RegisterExtension final ClientTestServer api = new ClientTestServer();

  @Test
  void fromEnvironmentReadsTheRedisUrlAndTheClientClosesItsStore() throws Exception {
    try (SonoranCadClient client = SonoranCadClient.fromEnvironment(Map.of(
        "SONORAN_API_KEY", api.apiKey,
        "SONORAN_BASE_URL", api.server.baseUrl(),
        "SONORAN_REDIS_URL", REDIS.url())).build()) {
      client.emergency().identifiers().createIdentifier(ClientTestServer.ACCOUNT, CreateIdentifierRequest.builder().build());
    }
    assertThat(REDIS.commands().keys("sonoran-cad:limit:{" + sha256Hex(api.apiKey) + ":createIdentifier:*")).hasSize(1);
  }

  @Test
  void aBadRedisUrlIsRefusedWithoutRepeatingIt() {
    assertThatThrownBy(() -> SonoranCadClient.fromEnvironment(Map.of(
        "SONORAN_API_KEY", "k", "SONORAN_REDIS_URL", "http://user:hunter2@example.com")))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageStartingWith("SONORAN_REDIS_URL: redisUrl is not a Redis URI")
        .hasMessageNotContaining("hunter2");
    assertThatThrownBy(() -> SonoranCadClient.builder().redisUrl("not a url"))
        .isInstanceOf(IllegalArgumentException.class);
  }

  private static String sha256Hex(String text) throws NoSuchAlgorithmException {
    byte[] hash = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
    return HexFormat.of().formatHex(hash);
  }
}
