package io.github.dispatchkit.sonorancad.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class RetryAfterTest {
  private static final Instant NOW = Instant.parse("2026-11-23T12:00:00Z");

  @ParameterizedTest
  @CsvSource(delimiter = '|', nullValues = "null", value = {
      "30                               | PT30S",
      "0                                | PT0S",
      "Mon, 23 Nov 2026 12:00:07 GMT    | PT7S",
      "Monday, 23-Nov-26 12:00:07 GMT   | PT7S",
      "Mon Nov 23 12:00:07 2026         | PT7S",
      "Tue Nov  3 12:00:00 2026         | PT0S",
      "Mon, 23 Nov 2026 11:00:00 GMT    | PT0S",
      "-5                               | null",
      "soon                             | null",
      "\u0663\u0660                     | null",
      "\uff13\uff10                     | null",
      "99999999999999999999             | PT2562047788015H12M55.807S",
      "9223372036854775807              | PT2562047788015H12M55.807S",
      "009                              | PT9S",
      "Fri, 31 Dec 9999 23:59:59 GMT    | PT69890795H59M59S",
      "1e10                             | null",
      "3.5                              | null",
      "null                             | null"})
  void readsSecondsAndEveryHttpDateForm(String header, String expected) {
    Duration parsed = RetryAfter.parse(header, NOW);
    assertThat(parsed).isEqualTo(expected == null ? null : Duration.parse(expected));
  }

  @Test
  void onlyControlCharactersAreUnreadable() {
    assertThat(RetryAfter.parse("\u0016", NOW)).isNull();
  }
}
