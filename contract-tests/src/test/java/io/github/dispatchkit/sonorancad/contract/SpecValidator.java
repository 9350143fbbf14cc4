package io.github.dispatchkit.sonorancad.contract;

import com.atlassian.oai.validator.OpenApiInteractionValidator;
import com.atlassian.oai.validator.model.Request;
import com.atlassian.oai.validator.model.SimpleRequest;
import com.atlassian.oai.validator.model.SimpleResponse;
import com.atlassian.oai.validator.report.LevelResolver;
import com.atlassian.oai.validator.report.ValidationReport;
import com.github.tomakehurst.wiremock.http.HttpHeader;
import com.github.tomakehurst.wiremock.http.HttpHeaders;
import com.github.tomakehurst.wiremock.http.LoggedResponse;
import com.github.tomakehurst.wiremock.http.QueryParameter;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Validates HTTP exchanges against the curated spec, the copy packaged in the client jar at
 * {@value #SPEC_RESOURCE}, with swagger-request-validator.
 *
 * <p>Levels: the library's defaults (every schema, parameter, security, content-type and status
 * finding is an error), plus unexpected query parameters, which the library only warns about by
 * default: the documented requests carry no query.
 */
final class SpecValidator {
  static final String SPEC_RESOURCE = "META-INF/sonoran-cad/sonoran-cad-v2.yaml";

  private static final SpecValidator INSTANCE = new SpecValidator();

  private final OpenApiInteractionValidator validator;

  private SpecValidator() {
    this.validator = OpenApiInteractionValidator.createForInlineApiSpecification(specText())
        .withLevelResolver(LevelResolver.create()
            .withLevel("validation.request.parameter.query.unexpected", ValidationReport.Level.ERROR)
            .build())
        .build();
  }

  static SpecValidator get() {
    return INSTANCE;
  }

  /** Returns the spec as packaged on the classpath. */
  static String specText() {
    try (InputStream in = SpecValidator.class.getClassLoader().getResourceAsStream(SPEC_RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException(SPEC_RESOURCE + " is not on the classpath: run mvn verify");
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Validates a request as WireMock logged it. */
  ValidationReport validateRequest(LoggedRequest logged) {
    return validator.validateRequest(toRequest(logged));
  }

  /** Validates the response WireMock sent to {@code logged}, against that request's operation. */
  ValidationReport validateResponse(LoggedRequest logged, LoggedResponse response) {
    SimpleResponse.Builder builder = new SimpleResponse.Builder(response.getStatus());
    HttpHeaders headers = response.getHeaders();
    if (headers != null) {
      for (HttpHeader header : headers.all()) {
        builder.withHeader(header.key(), header.values());
      }
    }
    String body = response.getBodyAsString();
    if (body != null && !body.isEmpty()) {
      builder.withBody(body);
    }
    return validator.validateResponse(
        path(logged), Request.Method.valueOf(logged.getMethod().getName()), builder.build());
  }

  /** Validates a raw request, as a test would send it. */
  ValidationReport validateRequest(SimpleRequest request) {
    return validator.validateRequest(request);
  }

  static SimpleRequest toRequest(LoggedRequest logged) {
    SimpleRequest.Builder builder = new SimpleRequest.Builder(logged.getMethod().getName(), path(logged));
    for (HttpHeader header : logged.getHeaders().all()) {
      builder.withHeader(header.key(), header.values());
    }
    for (QueryParameter query : logged.getQueryParams().values()) {
      builder.withQueryParam(query.key(), query.values());
    }
    byte[] body = logged.getBody();
    if (body != null && body.length > 0) {
      builder.withBody(body);
    }
    return builder.build();
  }

  private static String path(LoggedRequest logged) {
    String url = logged.getUrl();
    int query = url.indexOf('?');
    return query < 0 ? url : url.substring(0, query);
  }

  /** Formats the error messages of {@code report}, one per line; empty when it has none. */
  static String errors(ValidationReport report) {
    return report.getMessages().stream()
        .filter(m -> m.getLevel() == ValidationReport.Level.ERROR)
        .map(m -> m.getKey() + ": " + m.getMessage()
            + (m.getNestedMessages().isEmpty() ? "" : " " + m.getNestedMessages().stream()
                .map(n -> n.getKey() + ": " + n.getMessage()).collect(Collectors.joining("; ", "[", "]"))))
        .collect(Collectors.joining("\n"));
  }

  /**
   * Returns the keys of the error messages of {@code report}, with those of their nested messages
   * (an enum inside an {@code allOf}, a branch of an {@code anyOf}).
   */
  static List<String> errorKeys(ValidationReport report) {
    List<String> keys = new ArrayList<>();
    report.getMessages().stream()
        .filter(m -> m.getLevel() == ValidationReport.Level.ERROR)
        .forEach(m -> addKeys(m, keys));
    return keys;
  }

  private static void addKeys(ValidationReport.Message message, List<String> keys) {
    keys.add(message.getKey());
    message.getNestedMessages().forEach(nested -> addKeys(nested, keys));
  }
}
