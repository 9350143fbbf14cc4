package io.github.dispatchkit.sonorancad.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import okhttp3.OkHttpClient;
import org.junit.jupiter.api.Test;

/** The contract suite runs on OkHttp 4 and on OkHttp 5 (pom.xml): each run has the OkHttp it claims. */
class OkHttpLineContractTest {
  @Test
  void runsOnTheExpectedOkHttpLine() throws Exception {
    String expected = System.getProperty("okhttp.expectedVersion");
    assumeTrue(expected != null, "run by Maven, which says which OkHttp to expect");
    assertThat(Class.forName("okhttp3.OkHttp").getField("VERSION").get(null)).isEqualTo(expected);
    assertThat(OkHttpClient.class.getProtectionDomain().getCodeSource().getLocation().toString())
        .contains(expected.startsWith("5.") ? "okhttp-jvm-" + expected : "okhttp-" + expected);
  }
}
