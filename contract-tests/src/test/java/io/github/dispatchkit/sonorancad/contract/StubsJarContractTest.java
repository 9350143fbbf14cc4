package io.github.dispatchkit.sonorancad.contract;

import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.common.ClasspathFileSource;
import com.github.tomakehurst.wiremock.common.ConsoleNotifier;
import com.github.tomakehurst.wiremock.stubbing.StubMapping;
import io.github.dispatchkit.sonorancad.SonoranCadClient;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Collectors;
import java.util.zip.ZipFile;
import org.junit.jupiter.api.Test;

/**
 * The {@code stubs} classifier jar, used the way the README tells a downstream project to: its
 * mappings load into a separate WireMock from the jar alone, and answer the client as documented.
 * Needs the jar, so only runs after {@code package} (as in {@code mvn verify}).
 */
class StubsJarContractTest {
  private static Path stubsJar() {
    String jar = System.getProperty("contract.stubsJar");
    assumeTrue(jar != null && Files.isRegularFile(Path.of(jar)), "stubs jar not built: run mvn verify");
    return Path.of(jar);
  }

  @Test
  void stubsJar_holdsEveryStubFile_underSonoranCadStubs() throws Exception {
    try (ZipFile zip = new ZipFile(stubsJar().toFile())) {
      assertThat(zip.getEntry("sonoran-cad-stubs/")).as("directory entry, needed by getResource").isNotNull();
      for (String mapping : Stubs.mappingFiles()) {
        assertThat(zip.getEntry("sonoran-cad-stubs/mappings/" + mapping + ".json")).as(mapping).isNotNull();
      }
      assertThat(zip.stream().map(e -> e.getName()).filter(n -> n.endsWith(".json")).collect(Collectors.toList()))
          .allMatch(n -> n.startsWith("sonoran-cad-stubs/mappings/") || n.startsWith("sonoran-cad-stubs/__files/"));
    }
  }

  @Test
  void stubsJar_loadsIntoAnotherWireMock_andAnswersTheDocumentedExchanges() throws Exception {
    // A class loader that sees the stubs jar only, not this build's test classpath copy.
    try (URLClassLoader jarOnly = new URLClassLoader(new URL[] {stubsJar().toUri().toURL()}, null)) {
      WireMockServer downstream = new WireMockServer(wireMockConfig()
          .bindAddress("127.0.0.1")
          .dynamicPort()
          .fileSource(new ClasspathFileSource(jarOnly, ContractServer.STUBS_ROOT))
          .notifier(new ConsoleNotifier(false)));
      downstream.start();
      try (SonoranCadClient client = SonoranCadClient.builder()
          .strictResponses(true)
          .apiKey(Stubs.uniqueKey())
          .baseUrl("http://127.0.0.1:" + downstream.port())
          .build()) {
        assertThat(downstream.getStubMappings()).extracting(StubMapping::getName)
            .hasSize(Stubs.mappingFiles().size())
            .contains(Stubs.mappingName("set-unit-status-community-user-ids"));

        Operation.SET_UNIT_STATUS.assertDocumentedResult(Operation.SET_UNIT_STATUS.call(client));
        Operation.CREATE_IDENTIFIER.assertDocumentedResult(Operation.CREATE_IDENTIFIER.call(client));
      } finally {
        downstream.stop();
      }
    }
  }
}
