package io.github.dispatchkit.sonorancad.benchmark;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.Iterator;

/**
 * An operation's documented rate limit, {@code requests} per {@code period}: its {@code x-rate-limit}
 * in the spec the library packages ({@value #RESOURCE}), so the benchmarks' servers enforce what the
 * client was generated from, and no limit is written in their code.
 */
record SpecLimit(int requests, Duration period) {
  static final String RESOURCE = "META-INF/sonoran-cad/sonoran-cad-v2.yaml";

  /** Returns the limit of {@code operationId}. */
  static SpecLimit of(String operationId) {
    JsonNode spec;
    try (InputStream in = SpecLimit.class.getClassLoader().getResourceAsStream(RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException(RESOURCE + " is not on the class path; run mvn test-compile first");
      }
      spec = new ObjectMapper(new YAMLFactory()).readTree(in);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read " + RESOURCE, e);
    }
    for (JsonNode path : spec.path("paths")) {
      for (Iterator<JsonNode> operations = path.elements(); operations.hasNext(); ) {
        JsonNode operation = operations.next();
        if (operationId.equals(operation.path("operationId").asText())) {
          JsonNode limit = operation.path("x-rate-limit");
          if (!limit.path("requests").isInt() || !limit.path("period").isTextual()) {
            throw new IllegalStateException(operationId + " has no x-rate-limit {requests, period} in " + RESOURCE);
          }
          return new SpecLimit(limit.get("requests").intValue(), Duration.parse(limit.get("period").textValue()));
        }
      }
    }
    throw new IllegalStateException("No operation " + operationId + " in " + RESOURCE);
  }
}
