package io.github.dispatchkit.sonorancad.sandbox;

/**
 * One request a {@link SonoranCadSandbox} answered, as reported to its exchange listener.
 *
 * <p>The API key never appears here: {@code authorization} keeps only the scheme, such as
 * {@code "Bearer ***"}, or is {@code "(none)"} when the header was missing.
 *
 * @param method the HTTP method, such as {@code PATCH}
 * @param path the request path, without the query
 * @param query the raw query string, without {@code ?}, or null when there was none
 * @param authorization the redacted Authorization header
 * @param requestBody the request body as text, empty when there was none
 * @param status the response status code
 * @param responseBody the response body as text
 * @param documentedExample whether the answer was the spec's documented example (an operation without a
 *     sandbox handler) rather than the state's
 */
public record SandboxExchange(String method, String path, String query, String authorization, String requestBody,
    int status, String responseBody, boolean documentedExample) {

  /** Returns the path with its query string, as the request line carried them: {@code /v2/general/accounts?limit=10}. */
  public String target() {
    return query == null ? path : path + "?" + query;
  }
}
