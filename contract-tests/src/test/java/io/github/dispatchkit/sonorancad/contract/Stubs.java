package io.github.dispatchkit.sonorancad.contract;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.matching;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.common.Metadata;
import com.github.tomakehurst.wiremock.matching.RequestPatternBuilder;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/** The documented values and the stub files, in one place for every contract test. */
final class Stubs {
  static final ObjectMapper JSON = new ObjectMapper();

  // --- Auth page ---
  static final String PRODUCTION_BASE_URL = "https://api.sonorancad.com";
  /** What the client sends: the success type and the documented error type. */
  static final String ACCEPT = "application/json, application/problem+json";
  /** What the stub files require of Accept: it must name application/json (WireMock "contains"). */
  static final String ACCEPT_CONTAINS = "application/json";
  /** The client sends the charset; the documented type is application/json. */
  static final String CONTENT_TYPE_PATTERN = "application/json(; ?charset=UTF-8)?";
  static final String PROBLEM_JSON = "application/problem+json";
  static final String RATE_LIMIT_MESSAGE = "API rate limit exceeded";
  static final String RATE_LIMIT_REQUEST_ID = "9457fb389b3729164e453e4db4328909";

  // --- Set Unit Status page ---
  static final int EXAMPLE_SERVER_ID = 1;
  static final String SET_UNIT_STATUS_EXAMPLE = "{\"communityUserIds\":[\"player-1234\"],\"status\":3}";
  static final String SET_UNIT_STATUS_RESPONSE = "{\"updated\":1,\"status\":\"ENROUTE\"}";

  // --- Create Identifier page ---
  static final UUID EXAMPLE_ACCOUNT = UUID.fromString("00000000-0000-0000-0000-000000000000");
  static final String CREATE_IDENTIFIER_EXAMPLE = "{\"status\":0,\"aop\":\"Los Santos\",\"unitNum\":\"A-10\","
      + "\"name\":\"John Doe\",\"district\":\"Los Santos\",\"department\":\"LSPD\",\"subdivision\":\"Patrol\","
      + "\"rank\":\"Officer\",\"group\":\"CAR-51\",\"page\":0,\"isDispatch\":false}";
  static final String CREATE_IDENTIFIER_SDK_EXAMPLE = "{\"status\":0,\"unitNum\":\"1A-01\",\"name\":\"John Doe\","
      + "\"department\":\"Police\",\"subdivision\":\"Patrol\",\"rank\":\"Officer\"}";
  static final String CREATE_IDENTIFIER_RESPONSE = "{\"identId\":42}";

  private Stubs() {
  }

  static String setUnitStatusPath(int serverId) {
    return "/v2/emergency/servers/" + serverId + "/units/status";
  }

  static String createIdentifierPath(UUID accountUuid) {
    return "/v2/emergency/accounts/" + accountUuid + "/identifiers";
  }

  /** A fresh API key, so that no two tests share a JVM-wide limiter. */
  static String uniqueKey() {
    return "contract-" + UUID.randomUUID();
  }

  /** The documented request headers and a strict body, on top of {@code pattern}. */
  static RequestPatternBuilder documented(RequestPatternBuilder pattern, String apiKey, String body) {
    return pattern
        .withHeader("Authorization", equalTo("Bearer " + apiKey))
        .withHeader("Accept", equalTo(ACCEPT))
        .withHeader("Content-Type", matching(CONTENT_TYPE_PATTERN))
        .withRequestBody(equalToJson(body, false, false));
  }

  /** A JSON response with the documented content type. */
  static ResponseDefinitionBuilder json(int status, String body) {
    return aResponse().withStatus(status).withHeader("Content-Type", "application/json").withBody(body);
  }

  /** A problem+json response with a body file from {@code __files}. */
  static ResponseDefinitionBuilder problem(int status, String bodyFile) {
    return aResponse().withStatus(status).withHeader("Content-Type", PROBLEM_JSON).withBodyFile(bodyFile);
  }

  /** The documented gateway 429, without Retry-After. */
  static ResponseDefinitionBuilder rateLimited() {
    return aResponse().withStatus(429).withHeader("Content-Type", "application/json")
        .withBodyFile("rate-limit-exceeded.json");
  }

  /** Stub metadata that exempts an exchange from spec validation, with the reason. */
  static Metadata specExempt(String reason) {
    return new Metadata(Map.of("contract", Map.of("specExempt", reason)));
  }

  /** The text of {@code __files/name}. */
  static String bodyFile(String name) {
    return resource(ContractServer.STUBS_ROOT + "/__files/" + name);
  }

  /** A parsed body file. */
  static JsonNode bodyFileJson(String name) {
    try {
      return JSON.readTree(bodyFile(name));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The parsed mapping file {@code mappings/<name>.json}. */
  static JsonNode mapping(String name) {
    try {
      return JSON.readTree(resource(ContractServer.STUBS_ROOT + "/mappings/" + name + ".json"));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The {@code name} of a mapping file, which WireMock reports for the requests it matched. */
  static String mappingName(String name) {
    return mapping(name).path("name").asText();
  }

  /** The names (without .json) of every mapping file, sorted. */
  static List<String> mappingFiles() {
    return files("mappings").stream()
        .map(n -> n.substring(0, n.length() - ".json".length()))
        .collect(Collectors.toList());
  }

  /** The names of every body file under {@code __files}, sorted. */
  static List<String> bodyFiles() {
    return files("__files");
  }

  private static List<String> files(String folder) {
    String root = ContractServer.STUBS_ROOT + "/" + folder;
    URL url = Stubs.class.getClassLoader().getResource(root);
    if (url == null) {
      throw new IllegalStateException(root + " is not on the classpath");
    }
    try (Stream<Path> files = Files.list(Path.of(url.toURI()))) {
      return files.map(p -> p.getFileName().toString())
          .filter(n -> n.endsWith(".json"))
          .sorted()
          .collect(Collectors.toList());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  private static String resource(String path) {
    try (InputStream in = Stubs.class.getClassLoader().getResourceAsStream(path)) {
      if (in == null) {
        throw new IllegalStateException(path + " is not on the classpath");
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
