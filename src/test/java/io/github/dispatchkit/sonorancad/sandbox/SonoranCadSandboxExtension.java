package io.github.dispatchkit.sonorancad.sandbox;

import io.github.dispatchkit.sonorancad.SonoranCadClient;
import java.util.UUID;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * A JUnit 5 extension that gives each test a fresh {@link SonoranCadSandbox} on a free loopback port and a
 * {@link SonoranCadClient} configured for it, as test method parameters.
 *
 * <pre>{@code
 * @ExtendWith(SonoranCadSandboxExtension.class)
 * class DispatchBotTest {
 *   @Test
 *   void postsTheUnitStatus(SonoranCadClient client, SonoranCadSandbox sandbox) {
 *     // drive your code with client, then check what it changed:
 *     assertThat(sandbox.state()).contains("\"status\":3");
 *   }
 * }
 * }</pre>
 *
 * <p>The sandbox has the defaults of {@link SonoranCadSandbox#builder()} (server ID 1, the documented
 * limits) but an API key of its own, random, since the client's rate limits are counted per key across
 * the JVM; the client has that key and the sandbox's base URL. Both are started when a test first asks for one,
 * shared by the parameters of that test, and closed after it, so no state leaks from one test to the
 * next. For another configuration, build the sandbox yourself in the test. Shipped in the
 * {@code sandbox-junit} jar (see the README, "The sandbox in your own tests").
 */
public final class SonoranCadSandboxExtension implements ParameterResolver, AfterEachCallback {

  private static final ExtensionContext.Namespace NAMESPACE =
      ExtensionContext.Namespace.create(SonoranCadSandboxExtension.class);

  /** Creates the extension; JUnit calls it for {@code @ExtendWith}. */
  public SonoranCadSandboxExtension() {
  }

  @Override
  public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
    Class<?> type = parameter.getParameter().getType();
    return type == SonoranCadSandbox.class || type == SonoranCadClient.class;
  }

  @Override
  public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
    ExtensionContext.Store store = context.getStore(NAMESPACE);
    SonoranCadSandbox sandbox = store.get(SonoranCadSandbox.class, SonoranCadSandbox.class);
    if (sandbox == null) {
      // A key of its own: the client's limits are per key across the JVM, so tests do not share permits.
      sandbox = SonoranCadSandbox.builder().apiKey("sandbox-" + UUID.randomUUID()).build().start();
      store.put(SonoranCadSandbox.class, sandbox);
    }
    if (parameter.getParameter().getType() == SonoranCadSandbox.class) {
      return sandbox;
    }
    SonoranCadClient client = store.get(SonoranCadClient.class, SonoranCadClient.class);
    if (client == null) {
      client = SonoranCadClient.builder().apiKey(sandbox.apiKey()).baseUrl(sandbox.baseUrl()).build();
      store.put(SonoranCadClient.class, client);
    }
    return client;
  }

  @Override
  public void afterEach(ExtensionContext context) {
    ExtensionContext.Store store = context.getStore(NAMESPACE);
    SonoranCadClient client = store.remove(SonoranCadClient.class, SonoranCadClient.class);
    SonoranCadSandbox sandbox = store.remove(SonoranCadSandbox.class, SonoranCadSandbox.class);
    if (client != null) {
      client.close();
    }
    if (sandbox != null) {
      sandbox.close();
    }
  }
}
