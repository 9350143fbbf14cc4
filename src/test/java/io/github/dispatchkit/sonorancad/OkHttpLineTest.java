package io.github.dispatchkit.sonorancad;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import okhttp3.OkHttpClient;
import org.junit.jupiter.api.Test;

/**
 * The build runs the tests on OkHttp 4 and again on OkHttp 5 (pom.xml, the "okhttp5" executions):
 * this checks that each run really has the OkHttp it claims, so a classpath swap that silently did
 * nothing fails the build.
 */
class OkHttpLineTest {
  /** The OkHttp version on the classpath, read at run time ({@code OkHttp.VERSION} is inlined by javac). */
  static String runtimeVersion() throws ReflectiveOperationException {
    return (String) Class.forName("okhttp3.OkHttp").getField("VERSION").get(null);
  }

  @Test
  void runsOnTheExpectedOkHttpLine() throws Exception {
    String expected = System.getProperty("okhttp.expectedVersion");
    assumeTrue(expected != null, "run by Maven, which says which OkHttp to expect");
    assertThat(runtimeVersion()).isEqualTo(expected);
    String jar = OkHttpClient.class.getProtectionDomain().getCodeSource().getLocation().toString();
    assertThat(jar).contains(expected.startsWith("5.") ? "okhttp-jvm-" + expected : "okhttp-" + expected);
  }
}
