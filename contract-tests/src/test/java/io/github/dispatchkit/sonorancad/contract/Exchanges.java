package io.github.dispatchkit.sonorancad.contract;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;

/** Assertions on what the client put on the wire, as WireMock logged it. */
final class Exchanges {
  private Exchanges() {
  }

  /** Returns the one exchange of the test, failing if there were more or none. */
  static ServeEvent onlyExchange(ContractServer wm) {
    List<ServeEvent> served = wm.served();
    assertThat(served).as("exchanges").hasSize(1);
    return served.get(0);
  }

  /**
   * Checks a request is exactly the documented one: method, path without query, the Bearer,
   * Accept and Content-Type headers, and a body with no extra nor missing property.
   */
  static void assertDocumentedRequest(
      LoggedRequest request, String method, String path, String apiKey, String expectedBody) {
    assertThat(request.getMethod().getName()).as("method").isEqualTo(method);
    assertThat(request.getUrl()).as("path, and no query").isEqualTo(path);
    assertThat(request.getQueryParams()).as("query parameters").isEmpty();
    assertThat(request.getHeader("Authorization")).as("Authorization").isEqualTo("Bearer " + apiKey);
    assertThat(request.getHeader("Accept")).as("Accept").isEqualTo(Stubs.ACCEPT);
    assertThat(request.getHeader("Content-Type")).as("Content-Type").matches(Stubs.CONTENT_TYPE_PATTERN);
    assertThat(json(request.getBodyAsString())).as("body").isEqualTo(json(expectedBody));
  }

  /** Checks the exchange was answered by the mapping file {@code mappings/<mappingFile>.json}. */
  static void assertServedBy(ServeEvent event, String mappingFile) {
    assertThat(event.getWasMatched()).as("matched a stub").isTrue();
    assertThat(event.getStubMapping().getName()).as("stub").isEqualTo(Stubs.mappingName(mappingFile));
  }

  static JsonNode json(String text) {
    try {
      return Stubs.JSON.readTree(text);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
