package io.github.dispatchkit.sonorancad.internal;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Facts of one spec operation, written by the API template onto each generated Retrofit method.
 *
 * <p>The values come from the operation in {@code openapi/sonoran-cad-v2.yaml}: {@code x-rate-limit}
 * and {@code x-idempotent}. This is how the spec stays the only place a limit is written.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
public @interface SpecOperation {
  /** The spec's {@code operationId}. */
  String id();

  /** Requests allowed per {@link #rateLimitPeriod()} per API key. */
  int rateLimitRequests();

  /** ISO-8601 duration of the rate-limit window, such as {@code PT1M}. */
  String rateLimitPeriod();

  /** True when repeating the request has no further effect, so it may be resent after a failure. */
  boolean idempotent();

  /** True when the response, documented as an array, may also be a lone item: the schema's {@code x-accept-single}. */
  boolean acceptSingle() default false;

  /**
   * True when the page documents no response ({@code x-optional-response}): an empty body or
   * {@code {}} is a success with nothing to read.
   */
  boolean optionalResponse() default false;
}
