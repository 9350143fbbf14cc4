package io.github.dispatchkit.sonorancad.contract;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.Map;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;

/**
 * Plain OkHttp, without the client: to send requests the client would never send (drifted
 * bodies, missing headers) and see how the stubs and the validator take them.
 */
final class RawHttp {
  private static final OkHttpClient HTTP = new OkHttpClient.Builder().retryOnConnectionFailure(false).build();

  private RawHttp() {
  }

  /** The headers the client sends, for an API key. */
  static Map<String, String> documentedHeaders(String apiKey) {
    Map<String, String> headers = new LinkedHashMap<>();
    headers.put("Authorization", "Bearer " + apiKey);
    headers.put("Accept", Stubs.ACCEPT);
    headers.put("Content-Type", "application/json; charset=UTF-8");
    return headers;
  }

  /** Sends a request and returns the status and body; {@code body} may be null. */
  static Result send(String baseUrl, String method, String pathAndQuery, Map<String, String> headers, String body) {
    String contentType = headers.getOrDefault("Content-Type", null);
    RequestBody requestBody = body == null
        ? null
        : RequestBody.create(body, contentType == null ? null : MediaType.get(contentType));
    Request.Builder request = new Request.Builder().url(baseUrl + pathAndQuery).method(method, requestBody);
    headers.forEach(request::header);
    try (Response response = HTTP.newCall(request.build()).execute()) {
      return new Result(response.code(), response.header("Content-Type"), response.body().string());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static final class Result {
    final int status;
    final String contentType;
    final String body;

    Result(int status, String contentType, String body) {
      this.status = status;
      this.contentType = contentType;
      this.body = body;
    }
  }
}
