package io.github.dispatchkit.sonorancad.sandbox;

import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * An {@code application/problem+json} body in the shape the Sonoran CAD API returns for failed requests.
 *
 * <p>Fields: {@code type} (an httpstatuses.com URI), {@code title} (the status reason),
 * {@code status}, {@code detail}, {@code instance} (the request path) and a W3C-style {@code traceId}.
 *
 * @param type URI identifying the problem type
 * @param title short summary of the problem type
 * @param status HTTP status code
 * @param detail explanation of this occurrence
 * @param instance request path of this occurrence
 * @param traceId trace ID of this occurrence
 */
record ProblemDetails(String type, String title, int status, String detail, String instance, String traceId) {

  /** Media type of the body. */
  static final String MEDIA_TYPE = "application/problem+json";

  private static final SecureRandom RANDOM = new SecureRandom();

  /** Returns the problem for {@code status} with a fresh trace ID. */
  static ProblemDetails of(int status, String detail, String instance) {
    return new ProblemDetails("https://httpstatuses.com/" + status, titleOf(status), status, detail, instance,
        "00-" + randomHex(16) + "-" + randomHex(8) + "-00");
  }

  /** Returns the fields in the documented order, ready for a JSON writer. */
  Map<String, Object> toMap() {
    Map<String, Object> map = new LinkedHashMap<>();
    map.put("type", type);
    map.put("title", title);
    map.put("status", status);
    map.put("detail", detail);
    map.put("instance", instance);
    map.put("traceId", traceId);
    return map;
  }

  /** Returns {@code bytes} random bytes as lowercase hex, as used in trace and gateway request IDs. */
  static String randomHex(int bytes) {
    byte[] buffer = new byte[bytes];
    RANDOM.nextBytes(buffer);
    return HexFormat.of().formatHex(buffer);
  }

  private static String titleOf(int status) {
    return switch (status) {
      case 400 -> "Bad Request";
      case 401 -> "Unauthorized";
      case 404 -> "Not Found";
      case 405 -> "Method Not Allowed";
      case 500 -> "Internal Server Error";
      default -> "HTTP " + status;
    };
  }
}
