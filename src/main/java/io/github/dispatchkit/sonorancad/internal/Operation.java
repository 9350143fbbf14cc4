package io.github.dispatchkit.sonorancad.internal;

import com.squareup.moshi.JsonAdapter;
import com.squareup.moshi.Types;
import java.lang.reflect.Type;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * What the curated spec says of one operation, written by the generator as a constant of its
 * service and passed with every call to the {@link CallExecutor}: the one place each fact lives.
 * Nothing reads a fact back from an annotation or repeats it as a literal.
 *
 * <pre>{@code
 * static final Operation<SetUnitStatusResponse> SET_UNIT_STATUS =
 *     Operation.builder("setUnitStatus", "PATCH", "v2/emergency/servers/{serverId}/units/status")
 *         .rateLimit(30, "PT1M").idempotent()
 *         .requestBody(SetUnitStatusRequest.class)
 *         .returns(SetUnitStatusResponse.class);
 * }</pre>
 *
 * @param <T> the decoded response: the model, a list or map of models, or {@link Void} when the
 *     operation documents no body
 */
public final class Operation<T> {
  /** What a success response carries. */
  public enum Response {
    /** A JSON body, decoded; a success without one is an invalid response. */
    BODY,
    /** No body (a documented 204 or an empty 200): nothing is read. */
    NONE,
    /** A body or nothing ({@code x-optional-response}): an empty body or {@code {}} decodes to null. */
    OPTIONAL
  }

  private final String id;
  private final String method;
  private final String path;
  private final int rateLimitRequests;
  private final Duration rateLimitPeriod;
  private final boolean idempotent;
  private final @Nullable Type requestBody;
  private final boolean multipart;
  private final Response response;
  private final @Nullable Type responseType;
  private final boolean acceptSingle;
  private final @Nullable Coalescing coalescing;
  private final String[] segments;
  private volatile @Nullable JsonAdapter<?> responseAdapter;
  private volatile @Nullable JsonAdapter<?> requestAdapter;

  private Operation(Builder builder, Response response, @Nullable Type responseType) {
    this.id = builder.id;
    this.method = builder.method;
    this.path = builder.path;
    this.rateLimitRequests = builder.rateLimitRequests;
    this.rateLimitPeriod = Objects.requireNonNull(builder.rateLimitPeriod, "rateLimit not set: " + builder.id);
    this.idempotent = builder.idempotent;
    this.requestBody = builder.requestBody;
    this.multipart = builder.multipart;
    this.response = response;
    this.responseType = responseType;
    this.acceptSingle = builder.acceptSingle;
    this.coalescing = builder.coalescing;
    this.segments = path.split("/");
  }

  /**
   * Starts the descriptor of an operation.
   *
   * @param id the spec's {@code operationId}
   * @param method the HTTP method
   * @param path the path below the base URL, parameters in braces: {@code v2/.../{serverId}/...}
   * @return a builder
   */
  public static Builder builder(String id, String method, String path) {
    return new Builder(id, method, path);
  }

  /**
   * Returns {@code List<item>}, for descriptors of array bodies and responses.
   *
   * @param item the element type
   * @return the parameterized type
   */
  public static Type listOf(Type item) {
    return Types.newParameterizedType(List.class, item);
  }

  /**
   * Returns {@code Map<String, value>}, for descriptors of object responses with free keys.
   *
   * @param value the value type
   * @return the parameterized type
   */
  public static Type mapOf(Type value) {
    return Types.newParameterizedType(Map.class, String.class, value);
  }

  /** The spec's {@code operationId}, which names the operation in errors, logs and metrics. */
  public String id() {
    return id;
  }

  /** The HTTP method. */
  public String method() {
    return method;
  }

  /** The path below the base URL, with its parameters in braces. */
  public String path() {
    return path;
  }

  /** The documented number of requests per {@link #rateLimitPeriod()} per API key ({@code x-rate-limit}). */
  public int rateLimitRequests() {
    return rateLimitRequests;
  }

  /** The documented window of the limit. */
  public Duration rateLimitPeriod() {
    return rateLimitPeriod;
  }

  /** Whether a resend cannot apply the operation twice ({@code x-idempotent}): then transport failures are retried. */
  public boolean idempotent() {
    return idempotent;
  }

  /** The JSON body's type, or null when the operation has no JSON body. */
  public @Nullable Type requestBody() {
    return requestBody;
  }

  /** Whether the body is a {@code multipart/form-data} form. */
  public boolean multipart() {
    return multipart;
  }

  /** What a success response carries. */
  public Response response() {
    return response;
  }

  /** The decoded type of the response body, or null when the operation documents none. */
  public @Nullable Type responseType() {
    return responseType;
  }

  /** Whether a list response may come as its lone item ({@code x-accept-single}). */
  public boolean acceptSingle() {
    return acceptSingle;
  }

  /** How changes of this operation are coalesced ({@code x-coalesce}), or null when they are not. */
  public @Nullable Coalescing coalescing() {
    return coalescing;
  }

  /** The tolerant adapter of the response body, made on first use. */
  JsonAdapter<?> responseAdapter() {
    JsonAdapter<?> adapter = responseAdapter;
    if (adapter == null) {
      adapter = Json.responseAdapter(Objects.requireNonNull(responseType, "no response body: " + id), acceptSingle);
      responseAdapter = adapter;
    }
    return adapter;
  }

  /** The JSON body's adapter, made on first use. */
  @SuppressWarnings("unchecked") // the body's declared type
  JsonAdapter<Object> requestAdapter() {
    JsonAdapter<?> adapter = requestAdapter;
    if (adapter == null) {
      adapter = Json.MOSHI.adapter(Objects.requireNonNull(requestBody, "no JSON body: " + id));
      requestAdapter = adapter;
    }
    return (JsonAdapter<Object>) adapter;
  }

  /** The path's segments, parameters in braces. */
  String[] segments() {
    return segments;
  }

  @Override
  public String toString() {
    return "Operation{" + id + ", " + method + " /" + path + ", " + rateLimitRequests + " per " + rateLimitPeriod + "}";
  }

  /**
   * The spec's {@code x-coalesce} of an operation: the body field holding the new value, and the
   * target fields, each sent in a batch field (an array) or alone.
   */
  public static final class Coalescing {
    private final String value;
    private final Map<String, String> sentIn = new java.util.LinkedHashMap<>();
    private final java.util.Set<String> batches = new java.util.LinkedHashSet<>();

    private Coalescing(String value) {
      this.value = Objects.requireNonNull(value, "value == null");
    }

    /**
     * Starts a rule.
     *
     * @param value the body field holding the new value
     * @return the rule, to add targets to
     */
    public static Coalescing of(String value) {
      return new Coalescing(value);
    }

    /**
     * Adds the target field {@code field}, whose targets (each element of an array, or a single
     * value) are sent together in the array field {@code batch}.
     *
     * @param field the target field
     * @param batch the array field the targets are sent in
     * @return this rule
     */
    public Coalescing batched(String field, String batch) {
      sentIn.put(Objects.requireNonNull(field, "field == null"), Objects.requireNonNull(batch, "batch == null"));
      batches.add(batch);
      return this;
    }

    /**
     * Adds the target field {@code field}, whose value is one target sent in a request of its own.
     *
     * @param field the target field
     * @return this rule
     */
    public Coalescing single(String field) {
      sentIn.put(Objects.requireNonNull(field, "field == null"), field);
      return this;
    }

    /** The body field holding the new value. */
    public String value() {
      return value;
    }

    /** The array fields targets are sent in together. */
    public java.util.Set<String> batches() {
      return java.util.Collections.unmodifiableSet(batches);
    }

    /** Each target field and the field it is sent in (itself when sent alone). */
    public Map<String, String> sentIn() {
      return java.util.Collections.unmodifiableMap(sentIn);
    }
  }

  /** Builds an {@link Operation}; its terminal methods say what the response carries. */
  public static final class Builder {
    private final String id;
    private final String method;
    private final String path;
    private int rateLimitRequests;
    private @Nullable Duration rateLimitPeriod;
    private boolean idempotent;
    private @Nullable Type requestBody;
    private boolean multipart;
    private boolean acceptSingle;
    private @Nullable Coalescing coalescing;

    private Builder(String id, String method, String path) {
      this.id = Objects.requireNonNull(id, "id == null");
      this.method = Objects.requireNonNull(method, "method == null");
      this.path = Objects.requireNonNull(path, "path == null");
    }

    /**
     * Sets the documented limit ({@code x-rate-limit}).
     *
     * @param requests requests per period
     * @param period the ISO-8601 window, such as {@code PT1M}
     * @return this builder
     */
    public Builder rateLimit(int requests, String period) {
      if (requests < 1) {
        throw new IllegalArgumentException(id + ": rate limit < 1");
      }
      this.rateLimitRequests = requests;
      this.rateLimitPeriod = Duration.parse(period);
      return this;
    }

    /**
     * Marks the operation idempotent ({@code x-idempotent: true}).
     *
     * @return this builder
     */
    public Builder idempotent() {
      this.idempotent = true;
      return this;
    }

    /**
     * Sets the type of the JSON body.
     *
     * @param type the model, or {@link #listOf} a model
     * @return this builder
     */
    public Builder requestBody(Type type) {
      this.requestBody = Objects.requireNonNull(type, "type == null");
      return this;
    }

    /**
     * Marks the body a {@code multipart/form-data} form.
     *
     * @return this builder
     */
    public Builder multipart() {
      this.multipart = true;
      return this;
    }

    /**
     * Lets a list response come as its lone item ({@code x-accept-single}).
     *
     * @return this builder
     */
    public Builder acceptSingle() {
      this.acceptSingle = true;
      return this;
    }

    /**
     * Sets the operation's {@code x-coalesce} rule.
     *
     * @param coalescing the rule
     * @return this builder
     */
    public Builder coalescing(Coalescing coalescing) {
      this.coalescing = Objects.requireNonNull(coalescing, "coalescing == null");
      return this;
    }

    /**
     * Returns the descriptor of an operation answering a JSON body of {@code type}.
     *
     * @param type the decoded type
     * @param <T> the decoded type
     * @return the descriptor
     */
    public <T> Operation<T> returns(Type type) {
      return new Operation<>(this, Response.BODY, Objects.requireNonNull(type, "type == null"));
    }

    /**
     * Returns the descriptor of an operation that may answer a JSON body of {@code type} or nothing.
     *
     * @param type the decoded type
     * @param <T> the decoded type
     * @return the descriptor
     */
    public <T> Operation<T> returnsOptional(Type type) {
      return new Operation<>(this, Response.OPTIONAL, Objects.requireNonNull(type, "type == null"));
    }

    /**
     * Returns the descriptor of an operation answering no body.
     *
     * @return the descriptor
     */
    public Operation<Void> returnsNothing() {
      return new Operation<>(this, Response.NONE, null);
    }
  }
}
