package io.github.dispatchkit.sonorancad.internal;

import io.github.dispatchkit.sonorancad.Drift;
import io.github.dispatchkit.sonorancad.exception.RequestValidationException;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * Collects the spec constraints a request breaks, for generated code: each generated model's
 * {@code violations()} and each generated service method call it with the bounds the templates copy
 * from the spec ({@code required}, {@code minimum}/{@code maximum}, {@code minLength}/{@code maxLength},
 * {@code pattern}, {@code minItems}/{@code maxItems}, and the vendor extensions
 * {@code x-require-any-of} and {@code x-require-one-of}). Null bounds are absent ones; null values are
 * unset properties, which only {@link #required} reports. Not thread-safe: one instance per check.
 */
public final class Constraints {
  private static final ConcurrentMap<String, Pattern> PATTERNS = new ConcurrentHashMap<>();
  private static final ConcurrentMap<String, BigDecimal> BOUNDS = new ConcurrentHashMap<>();

  private final List<String> violations = new ArrayList<>();

  /** A pattern the templates copied from the spec, compiled once. */
  private static Pattern compiled(String pattern) {
    Pattern compiled = PATTERNS.get(pattern);
    if (compiled == null) {
      compiled = Pattern.compile(pattern);
      PATTERNS.put(pattern, compiled);
    }
    return compiled;
  }

  /** A bound the templates copied from the spec, parsed once. */
  private static BigDecimal bound(String text) {
    BigDecimal bound = BOUNDS.get(text);
    if (bound == null) {
      bound = new BigDecimal(text);
      BOUNDS.put(text, bound);
    }
    return bound;
  }

  /** Reports {@code field} when {@code value} is null. */
  public void required(String field, @Nullable Object value) {
    if (value == null) {
      violations.add(field + " is required");
    }
  }

  /** Records why {@code upload} cannot be sent (a missing or unreadable file); nothing when null. */
  public void upload(String field, io.github.dispatchkit.sonorancad.@Nullable Upload upload) {
    String problem = upload == null ? null : upload.problem();
    if (problem != null) {
      violations.add(field + ": " + problem);
    }
  }

  /** Checks a number against {@code minimum} and {@code maximum}, given as decimal strings. */
  public void number(String field, @Nullable Number value, @Nullable String minimum, boolean exclusiveMinimum,
      @Nullable String maximum, boolean exclusiveMaximum) {
    if (value == null) {
      return;
    }
    BigDecimal number = value instanceof Integer || value instanceof Long
        ? BigDecimal.valueOf(value.longValue()) : new BigDecimal(value.toString());
    if (minimum != null) {
      int comparison = number.compareTo(bound(minimum));
      if (comparison < 0 || (exclusiveMinimum && comparison == 0)) {
        violations.add(field + " must be " + (exclusiveMinimum ? "> " : ">= ") + minimum + " but was " + value);
      }
    }
    if (maximum != null) {
      int comparison = number.compareTo(bound(maximum));
      if (comparison > 0 || (exclusiveMaximum && comparison == 0)) {
        violations.add(field + " must be " + (exclusiveMaximum ? "< " : "<= ") + maximum + " but was " + value);
      }
    }
  }

  /**
   * Checks a string's length in code points and, when {@code pattern} is set, that it matches.
   * Formatted strings (UUID, URI, dates) are checked as their text.
   */
  public void string(String field, @Nullable Object text, @Nullable Integer minLength, @Nullable Integer maxLength,
      @Nullable String pattern) {
    if (text == null) {
      return;
    }
    String value = text.toString();
    int length = value.codePointCount(0, value.length());
    if (minLength != null && length < minLength) {
      violations.add(field + (minLength == 1 ? " must not be empty" : " must have at least " + minLength + " characters"));
    }
    if (maxLength != null && length > maxLength) {
      violations.add(field + " must have at most " + maxLength + " characters but has " + length);
    }
    if (pattern != null && !compiled(pattern).matcher(value).find()) {
      violations.add(field + " must match " + pattern);
    }
  }

  /** Checks an array's size, and that it holds no null item (JSON has no place for one). */
  public void array(String field, @Nullable Collection<?> value, @Nullable Integer minItems, @Nullable Integer maxItems) {
    if (value == null) {
      return;
    }
    if (minItems != null && value.size() < minItems) {
      violations.add(field + (minItems == 1 ? " must not be empty" : " must have at least " + minItems + " items"));
    }
    if (maxItems != null && value.size() > maxItems) {
      violations.add(field + " must have at most " + maxItems + " items but has " + value.size());
    }
    int index = 0;
    for (Object item : value) {
      if (item == null) {
        violations.add(field + "[" + index + "] is null");
      }
      index++;
    }
  }

  /** Checks every string of an array, as {@link #string}. */
  public void stringItems(String field, @Nullable List<?> values, @Nullable Integer minLength,
      @Nullable Integer maxLength, @Nullable String pattern) {
    if (values != null) {
      for (int i = 0; i < values.size(); i++) {
        string(field + "[" + i + "]", values.get(i), minLength, maxLength, pattern);
      }
    }
  }

  /** Checks every number of an array, as {@link #number} with inclusive bounds. */
  public void numberItems(String field, @Nullable List<? extends @Nullable Number> values, @Nullable String minimum,
      @Nullable String maximum) {
    if (values != null) {
      for (int i = 0; i < values.size(); i++) {
        number(field + "[" + i + "]", values.get(i), minimum, false, maximum, false);
      }
    }
  }

  /** Adds the violations of a nested object, each prefixed with {@code field} (none for a body). */
  public void nested(String field, List<String> nestedViolations) {
    for (String violation : nestedViolations) {
      violations.add(field.isEmpty() ? violation : field + "." + violation);
    }
  }

  /**
   * {@code x-require-any-of}: at least one of {@code names} is set.
   *
   * @param present the JSON names of the object's set properties (empty strings for unset ones)
   */
  public void anyOf(List<String> present, List<String> names) {
    if (Collections.disjoint(present, names)) {
      violations.add("one of " + String.join(", ", names) + " is required");
    }
  }

  /**
   * {@code x-require-one-of}: exactly one of {@code names} is set.
   *
   * @param present the JSON names of the object's set properties (empty strings for unset ones)
   */
  public void oneOf(List<String> present, List<String> names) {
    List<String> set = new ArrayList<>(present);
    set.retainAll(names);
    if (set.isEmpty()) {
      violations.add("exactly one of " + String.join(", ", names) + " is required");
    } else if (set.size() > 1) {
      violations.add("only one of " + String.join(", ", names) + " may be set, but " + String.join(" and ", set) + " are");
    }
  }

  /** Reports a response value at {@code field} that could not be typed, as decoding found it. */
  public void decoding(String field, Drift drift) {
    violations.add(field + " could not be typed: expected " + drift.expected() + ", received " + drift.received());
  }

  /** Returns the violations found so far, in the order found. */
  public List<String> list() {
    return Collections.unmodifiableList(new ArrayList<>(violations));
  }

  /**
   * Throws when anything was found, naming the operation and every violation.
   *
   * @throws RequestValidationException such as {@code "setUnitStatus: status is required;
   *     identIds must not be empty"}
   */
  public void throwIfInvalid(String operationId) {
    if (!violations.isEmpty()) {
      throw new RequestValidationException(operationId, violations);
    }
  }
}
