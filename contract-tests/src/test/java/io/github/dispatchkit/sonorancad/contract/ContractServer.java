package io.github.dispatchkit.sonorancad.contract;

import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;

import com.atlassian.oai.validator.report.ValidationReport;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.common.ConsoleNotifier;
import com.github.tomakehurst.wiremock.common.Metadata;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import com.github.tomakehurst.wiremock.stubbing.StubMapping;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import io.github.dispatchkit.sonorancad.FakeTime;
import io.github.dispatchkit.sonorancad.SonoranCadClient;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.stream.Collectors;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A WireMock server on 127.0.0.1 loaded with the contract stubs (contract-tests/stubs, on the test
 * classpath under {@value #STUBS_ROOT}), that checks every exchange of a test against the spec.
 *
 * <p>Register as a static field with {@code @RegisterExtension}. Before each test, the server is
 * reset to the stub files (stubs added in code and the request journal are dropped). After each
 * test, every logged request and every response WireMock returned is validated against
 * {@code openapi/sonoran-cad-v2.yaml}; any violation fails the test. Exceptions, declared in a
 * stub's metadata under {@code contract}:
 * <ul>
 *   <li>{@code expectedRequestViolations}: the request is meant to break the spec (a documented error
 *       trigger, such as a missing Authorization header); exactly these error keys must be reported.
 *   <li>{@code specExempt}: a reason why the exchange cannot conform (a fault injection, an
 *       undocumented 5xx or a broken body from the fault matrix); it is not validated.
 * </ul>
 * A test that checks violations itself takes them with {@link #takeFindings()} first.
 */
final class ContractServer implements BeforeAllCallback, AfterAllCallback, BeforeEachCallback, AfterEachCallback {
  /** Classpath folder holding {@code mappings/} and {@code __files/}, as in the stubs jar. */
  static final String STUBS_ROOT = "sonoran-cad-stubs";

  private WireMockServer server;

  @Override
  public void beforeAll(ExtensionContext context) {
    server = new WireMockServer(wireMockConfig()
        .bindAddress("127.0.0.1")
        .dynamicPort()
        .usingFilesUnderClasspath(STUBS_ROOT)
        .containerThreads(40)
        .notifier(new ConsoleNotifier(false)));
    server.start();
  }

  @Override
  public void afterAll(ExtensionContext context) {
    if (server != null) {
      server.stop();
    }
  }

  @Override
  public void beforeEach(ExtensionContext context) {
    server.resetAll();
  }

  @Override
  public void afterEach(ExtensionContext context) {
    List<String> problems = new ArrayList<>();
    for (Finding finding : findings()) {
      problems.addAll(finding.problems());
    }
    if (!problems.isEmpty()) {
      throw new AssertionError("Exchanges that disagree with openapi/sonoran-cad-v2.yaml:\n  - "
          + String.join("\n  - ", problems));
    }
  }

  WireMockServer server() {
    return server;
  }

  String baseUrl() {
    return "http://127.0.0.1:" + server.port();
  }

  /**
   * A client of this server with a fresh API key's limiter, waiting on {@code time}; strict, so any
   * drift of a stub's response from the spec fails the call.
   */
  SonoranCadClient.Builder client(String apiKey, FakeTime time) {
    return SonoranCadClient.builder()
        .strictResponses(true)
        .apiKey(apiKey)
        .baseUrl(baseUrl())
        .clock(time)
        .sleeper(time);
  }

  /** Returns the serve events so far, oldest first. */
  List<ServeEvent> served() {
    // The journal is newest first; reversed, then a stable sort by arrival keeps ties in order.
    List<ServeEvent> events = new ArrayList<>(server.getAllServeEvents());
    Collections.reverse(events);
    events.sort(Comparator.comparing((ServeEvent e) -> e.getRequest().getLoggedDate()));
    return events;
  }

  /** Returns the requests so far, oldest first. */
  List<LoggedRequest> requests() {
    return served().stream().map(ServeEvent::getRequest).collect(Collectors.toList());
  }

  /** Validates the exchanges so far and forgets them, so that the after-test check skips them. */
  List<Finding> takeFindings() {
    List<Finding> findings = findings();
    server.resetRequests();
    return findings;
  }

  /** Forgets the exchanges so far without validating them: for deliberately drifted requests. */
  void forgetExchanges() {
    server.resetRequests();
  }

  private List<Finding> findings() {
    List<Finding> findings = new ArrayList<>();
    SpecValidator validator = SpecValidator.get();
    for (ServeEvent event : served()) {
      LoggedRequest request = event.getRequest();
      StubMapping stub = event.getWasMatched() ? event.getStubMapping() : null;
      Metadata contract = contractMetadata(stub);
      String exempt = contract == null ? null : contract.getString("specExempt", null);
      ValidationReport requestReport = validator.validateRequest(request);
      ValidationReport responseReport = event.getResponse() == null || event.getResponse().getFault() != null
          ? null
          : validator.validateResponse(request, event.getResponse());
      Set<String> expected = new TreeSet<>();
      if (contract != null && contract.containsKey("expectedRequestViolations")) {
        contract.getList("expectedRequestViolations").forEach(key -> expected.add(String.valueOf(key)));
      }
      String stubName = stub == null ? null : stub.getName() != null ? stub.getName() : "in-code stub " + stub.getId();
      findings.add(new Finding(event, stubName, exempt, expected,
          requestReport, responseReport));
    }
    return findings;
  }

  private static Metadata contractMetadata(StubMapping stub) {
    if (stub == null || stub.getMetadata() == null) {
      return null;
    }
    return stub.getMetadata().getMetadata("contract", null);
  }

  /** The spec validation of one logged exchange. */
  static final class Finding {
    final ServeEvent event;
    final String stubName;
    final String exemptReason;
    final Set<String> expectedRequestViolations;
    final ValidationReport requestReport;
    /** Null when WireMock sent a fault instead of a response. */
    final ValidationReport responseReport;

    Finding(ServeEvent event, String stubName, String exemptReason, Set<String> expectedRequestViolations,
        ValidationReport requestReport, ValidationReport responseReport) {
      this.event = event;
      this.stubName = stubName;
      this.exemptReason = exemptReason;
      this.expectedRequestViolations = expectedRequestViolations;
      this.requestReport = requestReport;
      this.responseReport = responseReport;
    }

    UUID id() {
      return event.getId();
    }

    List<String> requestErrorKeys() {
      return SpecValidator.errorKeys(requestReport);
    }

    List<String> responseErrorKeys() {
      return responseReport == null ? List.of() : SpecValidator.errorKeys(responseReport);
    }

    /** What is wrong with this exchange, as the after-test check sees it; empty when fine. */
    List<String> problems() {
      List<String> problems = new ArrayList<>();
      String exchange = event.getRequest().getMethod() + " " + event.getRequest().getUrl();
      if (stubName == null) {
        problems.add(exchange + " matched no stub; body: " + event.getRequest().getBodyAsString());
      }
      if (exemptReason != null) {
        return problems;
      }
      Set<String> requestKeys = new TreeSet<>(requestErrorKeys());
      if (!requestKeys.equals(expectedRequestViolations)) {
        problems.add(exchange + " request (stub: " + stubName + "): expected violations "
            + expectedRequestViolations + ", got:\n" + SpecValidator.errors(requestReport));
      }
      if (responseReport == null) {
        problems.add(exchange + " (stub: " + stubName + ") answered with a fault but its stub has no"
            + " contract.specExempt reason");
      } else if (responseReport.hasErrors()) {
        problems.add(exchange + " response " + event.getResponse().getStatus() + " (stub: " + stubName
            + "):\n" + SpecValidator.errors(responseReport));
      }
      return problems;
    }

    @Override
    public String toString() {
      return event.getRequest().getMethod() + " " + event.getRequest().getUrl() + " -> stub " + stubName
          + ", request errors " + requestErrorKeys() + ", response errors " + responseErrorKeys();
    }
  }
}
