package io.github.dispatchkit.sonorancad.benchmark;

import com.squareup.moshi.JsonAdapter;
import com.squareup.moshi.Moshi;
import java.io.IOException;
import java.util.List;
import okhttp3.HttpUrl;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import okhttp3.ResponseBody;

/**
 * The baseline of the benchmarks: Set Unit Status as a user would write it with OkHttp and Moshi
 * alone, nothing of this library involved. Its own request and response classes, read by Moshi's
 * reflective adapter; the same request on the wire as the client's
 * ({@code PATCH .../servers/1/units/status}, Bearer key, {@code {"communityUserIds":[...],"status":3}}),
 * the body read and decoded, the status code checked.
 */
final class HandWritten implements AutoCloseable {
  private static final MediaType JSON = MediaType.get("application/json; charset=utf-8");

  private final OkHttpClient okHttp;
  private final boolean ownsOkHttp;
  private final JsonAdapter<StatusChange> requestAdapter;
  private final JsonAdapter<StatusResult> responseAdapter;
  private final HttpUrl url;
  private final String authorization;

  /** A new OkHttpClient with OkHttp's defaults, closed with this. */
  HandWritten(String baseUrl, String apiKey) {
    this(new OkHttpClient(), true, baseUrl, apiKey);
  }

  /** On {@code okHttp}, which the caller closes. */
  HandWritten(OkHttpClient okHttp, String baseUrl, String apiKey) {
    this(okHttp, false, baseUrl, apiKey);
  }

  private HandWritten(OkHttpClient okHttp, boolean ownsOkHttp, String baseUrl, String apiKey) {
    this.okHttp = okHttp;
    this.ownsOkHttp = ownsOkHttp;
    Moshi moshi = new Moshi.Builder().build();
    this.requestAdapter = moshi.adapter(StatusChange.class);
    this.responseAdapter = moshi.adapter(StatusResult.class);
    this.url = HttpUrl.get(baseUrl).resolve("v2/emergency/servers/1/units/status");
    this.authorization = "Bearer " + apiKey;
  }

  /** Sets {@code change} and returns how many identifiers the server updated. */
  int setUnitStatus(StatusChange change) throws IOException {
    Request request = new Request.Builder()
        .url(url)
        .header("Authorization", authorization)
        .header("Accept", "application/json")
        .patch(RequestBody.create(requestAdapter.toJson(change), JSON))
        .build();
    try (Response response = okHttp.newCall(request).execute()) {
      ResponseBody body = response.body();
      if (!response.isSuccessful() || body == null) {
        throw new IOException("HTTP " + response.code());
      }
      StatusResult result = responseAdapter.fromJson(body.source());
      if (result == null) {
        throw new IOException("null body");
      }
      return result.updated;
    }
  }

  @Override
  public void close() {
    if (ownsOkHttp) {
      okHttp.dispatcher().executorService().shutdown();
      okHttp.connectionPool().evictAll();
    }
  }

  /** The request body: the community users whose units change, and the new status (3: en route). */
  static final class StatusChange {
    List<String> communityUserIds;
    int status;

    StatusChange() {
    }

    StatusChange(List<String> communityUserIds, int status) {
      this.communityUserIds = communityUserIds;
      this.status = status;
    }
  }

  /** The response body. */
  static final class StatusResult {
    int updated;
    String status;
  }
}
