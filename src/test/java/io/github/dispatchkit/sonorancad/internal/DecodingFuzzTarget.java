package io.github.dispatchkit.sonorancad.internal;

import com.squareup.moshi.JsonAdapter;
import com.squareup.moshi.JsonDataException;
import io.github.dispatchkit.sonorancad.exception.AuthenticationException;
import io.github.dispatchkit.sonorancad.exception.BadRequestException;
import io.github.dispatchkit.sonorancad.exception.NotFoundException;
import io.github.dispatchkit.sonorancad.exception.RateLimitException;
import io.github.dispatchkit.sonorancad.exception.ServerErrorException;
import io.github.dispatchkit.sonorancad.exception.SonoranCadServiceException;
import io.github.dispatchkit.sonorancad.exception.UnexpectedStatusCodeException;
import io.github.dispatchkit.sonorancad.generated.model.Problem;
import io.github.dispatchkit.sonorancad.OperationIndex;
import io.github.dispatchkit.sonorancad.generated.model.RateLimitError;
import java.io.IOException;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import okhttp3.Headers;
import okio.Buffer;

/**
 * Fuzz target over what the client reads from a server: response decoding (the Moshi adapters of
 * the generated models, and the decoding the client's executor runs), error mapping ({@link ErrorMapper})
 * and {@code Retry-After} parsing ({@link RetryAfter}).
 *
 * <p>Input: the first byte picks the target, the rest is its data (see each method). Any exception
 * other than the expected, typed ones is a finding: it escapes {@link #fuzzerTestOneInput} and Jazzer
 * reports it with the input. Run by Jazzer (pom.xml, a short run in {@code verify} and the long
 * run of the {@code fuzz} profile) and by {@code DecodingFuzzTest}, which replays the seed corpus.
 */
public final class DecodingFuzzTarget {
  /** The key the error mapper redacts; spliced into bodies to check it never comes out. */
  static final String KEY = "fuzz-key/\"canary\"";
  static final Instant NOW = Instant.parse("2026-11-23T12:00:00Z");

  /**
   * What a server's answer is decoded into, found from the generated code rather than listed: the
   * response type of every operation (from its generated descriptor, lists included) by operation ID, then every generated model reachable from those, from the request
   * bodies and from the two error bodies, by name. A new operation or model is fuzzed with no change
   * here. Decoding picks one by the input's two selector bytes.
   */
  static final Map<String, Type> OPERATIONS = operationTypes();
  static final List<Type> TYPES = decodedTypes();

  private static final ApiKey API_KEY = ApiKey.of(KEY);
  private static final ErrorMapper ERRORS = new ErrorMapper(API_KEY);

  private DecodingFuzzTarget() {
  }

  /**
   * Called by Jazzer once before fuzzing: runs each target once, so that loading and instrumenting
   * the classes they use (Moshi, OkHttp) is not timed as the first input.
   */
  public static void fuzzerInitialize() throws Exception {
    fuzzerTestOneInput(new byte[] {0, 0, 0, '{', '}'});
    fuzzerTestOneInput(new byte[] {1, 0, 0, 0, 1, '{', '}'});
    fuzzerTestOneInput(new byte[] {2, '1'});
  }

  /** Jazzer's entry point. */
  public static void fuzzerTestOneInput(byte[] input) throws Exception {
    if (input.length == 0) {
      return;
    }
    byte[] data = Arrays.copyOfRange(input, 1, input.length);
    switch (Math.floorMod(input[0], 3)) {
      case 0 -> decode(data);
      case 1 -> mapError(data);
      default -> retryAfter(new String(data, StandardCharsets.UTF_8));
    }
  }

  /**
   * data[0..1] pick the type of {@link #TYPES}; the rest is the body. The adapter may only fail with Moshi's data or
   * encoding errors; what it decodes must survive a round trip; the client's decoding may only
   * fail with the typed decoding failure (InvalidResponseException to callers).
   */
  static void decode(byte[] data) throws Exception {
    if (data.length == 0) {
      return;
    }
    if (data.length < 2) {
      return;
    }
    Type model = TYPES.get(Math.floorMod((data[0] & 0xff) << 8 | (data[1] & 0xff), TYPES.size()));
    byte[] body = Arrays.copyOfRange(data, 2, data.length);
    JsonAdapter<Object> adapter = Json.MOSHI.adapter(model);
    Object value;
    try {
      value = adapter.fromJson(new Buffer().write(body));
    } catch (JsonDataException | IOException expected) {
      value = null;
    }
    if (value != null) {
      String json = adapter.toJson(value);
      Object again = adapter.fromJson(json);
      if (!value.equals(again)) {
        throw new IllegalStateException("round trip changed " + value + " into " + again + " via " + json);
      }
    }
    Exchange decoded = Exchange.decode("fuzz", Json.responseAdapter(model, false), 200, Headers.of(), body, API_KEY);
    if ((decoded.value == null) == (decoded.problem == null)) {
      throw new IllegalStateException("decoding gave neither a value nor a problem, or both: " + decoded.problem);
    }
  }

  /**
   * data[0..1] the status (400-599), data[2] the Retry-After length, then the Retry-After value and
   * the body; when data[3] is odd the key is spliced into the body. The mapper must return the
   * exception of the status, and no text of it may hold the key.
   */
  static void mapError(byte[] data) throws IOException {
    if (data.length < 4) {
      return;
    }
    int code = 400 + Math.floorMod((data[0] & 0xff) << 8 | (data[1] & 0xff), 200);
    int headerLength = Math.min(data[2] & 0xff, data.length - 4);
    String retryAfter = new String(data, 4, headerLength, StandardCharsets.ISO_8859_1);
    String bodyText = new String(data, 4 + headerLength, data.length - 4 - headerLength, StandardCharsets.UTF_8);
    if ((data[3] & 1) == 1) {
      int at = bodyText.isEmpty() ? 0 : Math.floorMod(data[3] >> 1, bodyText.length() + 1);
      bodyText = bodyText.substring(0, at) + KEY + bodyText.substring(at);
    }
    Headers.Builder headers = new Headers.Builder();
    if (retryAfter.chars().allMatch(c -> c == '\t' || (c >= 0x20 && c < 0x7f))) {
      headers.add("Retry-After", retryAfter);
    }
    SonoranCadServiceException e = ERRORS.map("fuzz", code, headers.build(), bodyText, NOW);
    Class<?> expected = switch (code) {
      case 400 -> BadRequestException.class;
      case 401, 403 -> AuthenticationException.class;
      case 404 -> NotFoundException.class;
      case 429 -> RateLimitException.class;
      default -> code >= 500 ? ServerErrorException.class : UnexpectedStatusCodeException.class;
    };
    if (e.getClass() != expected || e.statusCode() != code) {
      throw new IllegalStateException(code + " mapped to " + e.getClass().getSimpleName());
    }
    for (String text : new String[] {e.getMessage(), e.toString(), e.title(), e.detail(), e.traceId(),
        e.requestId(), e.problemType(), e.instance(), e.bodySnippet()}) {
      if (text != null && text.contains(KEY)) {
        throw new IllegalStateException("the key leaked into " + text);
      }
    }
    if (e.retryAfter().isPresent() && e.retryAfter().get().isNegative()) {
      throw new IllegalStateException("negative Retry-After " + e.retryAfter());
    }
  }

  /** Never throws; null or a non-negative delay; only ASCII values are read (RFC 9110). */
  static void retryAfter(String value) {
    Duration delay = RetryAfter.parse(value, NOW);
    if (delay != null && delay.isNegative()) {
      throw new IllegalStateException("negative delay " + delay + " for " + value);
    }
    if (delay != null && !value.chars().allMatch(c -> c < 0x80)) {
      throw new IllegalStateException("non-ASCII Retry-After read as " + delay + ": " + value);
    }
  }

  /** Every operation's response type, by operation ID, from the generated descriptors. */
  private static Map<String, Type> operationTypes() {
    Map<String, Type> byOperation = new TreeMap<>();
    OperationIndex.all().forEach((id, entry) -> {
      if (entry.spec.responseType() != null) {
        byOperation.put(id, entry.spec.responseType());
      }
    });
    return byOperation;
  }

  /** The operations' types first, then every generated model they, the request bodies and the error bodies hold. */
  private static List<Type> decodedTypes() {
    List<Type> roots = new ArrayList<>(OPERATIONS.values());
    roots.add(Problem.class);
    roots.add(RateLimitError.class);
    OperationIndex.all().values().forEach(entry -> {
      if (entry.spec.requestBody() != null) {
        roots.add(entry.spec.requestBody());
      }
    });
    Map<String, Class<?>> models = new TreeMap<>();
    for (Type root : roots) {
      collectModels(root, models);
    }
    Map<String, Type> distinct = new LinkedHashMap<>();
    OPERATIONS.values().forEach(type -> distinct.putIfAbsent(type.getTypeName(), type));
    models.values().forEach(type -> distinct.putIfAbsent(type.getTypeName(), type));
    return List.copyOf(distinct.values());
  }

  /** Adds {@code type}'s generated model classes and, through their fields, those they contain. */
  private static void collectModels(Type type, Map<String, Class<?>> models) {
    if (type instanceof ParameterizedType parameterized) {
      for (Type argument : parameterized.getActualTypeArguments()) {
        collectModels(argument, models);
      }
    } else if (type instanceof Class<?> model
        && model.getPackage() == Problem.class.getPackage()
        && models.putIfAbsent(model.getName(), model) == null) {
      for (Field field : model.getDeclaredFields()) {
        if (!Modifier.isStatic(field.getModifiers())) {
          collectModels(field.getGenericType(), models);
        }
      }
    }
  }
}
