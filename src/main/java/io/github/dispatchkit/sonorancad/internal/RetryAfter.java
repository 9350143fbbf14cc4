package io.github.dispatchkit.sonorancad.internal;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoField;
import java.util.Locale;
import org.jspecify.annotations.Nullable;

/**
 * Parses {@code Retry-After}: delta-seconds or an HTTP-date (RFC 9110, section 10.2.3), including
 * the obsolete RFC 850 and asctime forms that section 5.6.7 requires recipients to accept.
 *
 * <p>Whatever a server sends, the result is null or a duration from zero to {@link #MAX}, so that
 * {@link Duration#toMillis()} and the millisecond arithmetic of the limiters never overflow: a value
 * beyond it (such as {@code 9223372036854775807} seconds) saturates to it.
 */
final class RetryAfter {
  /** The longest delay a {@code Retry-After} is read as: {@link Long#MAX_VALUE} milliseconds. */
  static final Duration MAX = Duration.ofMillis(Long.MAX_VALUE);
  private static final long MAX_SECONDS = MAX.getSeconds();

  private static final DateTimeFormatter ASCTIME =
      DateTimeFormatter.ofPattern("EEE MMM ppd HH:mm:ss yyyy", Locale.US);

  private RetryAfter() {
  }

  /**
   * Returns the delay {@code value} asks for, measured from {@code now}, at most {@link #MAX}; a
   * date in the past gives zero. Returns null when the header is absent or unreadable (negative,
   * a fraction, not a date).
   */
  static @Nullable Duration parse(@Nullable String value, Instant now) {
    if (value == null || value.isBlank()) {
      return null;
    }
    String trimmed = value.trim();
    if (trimmed.isEmpty()) {
      return null; // only control characters, which trim() drops but isBlank() keeps
    }
    if (trimmed.chars().allMatch(c -> c >= '0' && c <= '9')) {
      // Only ASCII digits: any longer than 18 of them may exceed a long, and is beyond MAX anyway.
      String digits = trimmed.replaceFirst("^0+(?=.)", "");
      long seconds = digits.length() > 18 ? Long.MAX_VALUE : Long.parseLong(digits);
      return seconds >= MAX_SECONDS ? MAX : Duration.ofSeconds(seconds);
    }
    Instant at = date(trimmed, now);
    if (at == null) {
      return null;
    }
    if (!at.isAfter(now)) {
      return Duration.ZERO;
    }
    Duration delay = Duration.between(now, at);
    return delay.compareTo(MAX) > 0 ? MAX : delay;
  }

  private static @Nullable Instant date(String value, Instant now) {
    try {
      return ZonedDateTime.parse(value, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
    } catch (DateTimeParseException notImfFixdate) {
      // Try the obsolete forms below.
    }
    try {
      return ZonedDateTime.parse(value, rfc850(now)).toInstant();
    } catch (DateTimeParseException notRfc850) {
      // Try asctime.
    }
    try {
      return LocalDateTime.parse(value.replaceAll("\\s+", " ").replaceFirst(
          "^(\\w{3} \\w{3}) (\\d) ", "$1  $2 "), ASCTIME).toInstant(ZoneOffset.UTC);
    } catch (DateTimeParseException notAsctime) {
      return null;
    }
  }

  /** RFC 850, such as {@code Sunday, 06-Nov-94 08:49:37 GMT}: a two-digit year within 50 years of now. */
  private static DateTimeFormatter rfc850(Instant now) {
    LocalDate base = now.atZone(ZoneOffset.UTC).toLocalDate().minusYears(49);
    return new DateTimeFormatterBuilder()
        .appendPattern("EEEE, dd-MMM-")
        .appendValueReduced(ChronoField.YEAR, 2, 2, base)
        .appendPattern(" HH:mm:ss zzz")
        .toFormatter(Locale.US);
  }
}
