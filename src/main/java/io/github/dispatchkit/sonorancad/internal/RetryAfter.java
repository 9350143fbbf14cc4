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
 */
final class RetryAfter {
  private static final DateTimeFormatter ASCTIME =
      DateTimeFormatter.ofPattern("EEE MMM ppd HH:mm:ss yyyy", Locale.US);

  private RetryAfter() {
  }

  /**
   * Returns the delay {@code value} asks for, measured from {@code now}; a date in the past gives
   * zero. Returns null when the header is absent or unreadable.
   */
  static @Nullable Duration parse(@Nullable String value, Instant now) {
    if (value == null || value.isBlank()) {
      return null;
    }
    String trimmed = value.trim();
    if (trimmed.chars().allMatch(Character::isDigit)) {
      try {
        return Duration.ofSeconds(Long.parseLong(trimmed));
      } catch (NumberFormatException e) {
        return null;
      }
    }
    Instant at = date(trimmed, now);
    if (at == null) {
      return null;
    }
    return at.isAfter(now) ? Duration.between(now, at) : Duration.ZERO;
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
