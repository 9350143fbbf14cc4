package io.github.dispatchkit.sonorancad.sandbox;

import java.util.Map;

/**
 * An HTTP answer of the sandbox before it is written.
 *
 * @param status the status code
 * @param contentType the {@code Content-Type} of the body
 * @param body the body as text, empty for none
 * @param headers further response headers
 */
record Answer(int status, String contentType, String body, Map<String, String> headers) {

  static final String JSON = "application/json";

  Answer {
    headers = Map.copyOf(headers);
  }

  /** Returns a 200 answer with a JSON body. */
  static Answer json(String body) {
    return new Answer(200, JSON, body, Map.of());
  }
}
