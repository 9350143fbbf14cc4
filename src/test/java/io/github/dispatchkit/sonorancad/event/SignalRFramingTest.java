package io.github.dispatchkit.sonorancad.event;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Record framing: linear in what arrives, capped in what it holds back. */
class SignalRFramingTest {
  private static final char RS = SignalRProtocol.RECORD_SEPARATOR;

  @Test
  void sixteenMebibytesWithoutSeparatorInSmallPiecesAreBufferedInLinearTime() {
    SignalRProtocol.Records records = new SignalRProtocol.Records(32 << 20);
    String piece = "a".repeat(1024);
    // Rescanning the held-back text at every piece would scan 16,384 pieces of up to 16 MiB: ~137 G
    // characters, minutes; scanning each character once is milliseconds. The bound is far from both.
    assertTimeoutPreemptively(Duration.ofSeconds(20), () -> {
      for (int i = 0; i < 16 * 1024; i++) {
        assertThat(records.feed(piece)).isEmpty();
      }
      assertThat(records.pendingLength()).isEqualTo(16 << 20);
      List<String> done = records.feed("b" + RS + "c");
      assertThat(done).singleElement().satisfies(record -> assertThat(record).hasSize((16 << 20) + 1).endsWith("ab"));
      assertThat(records.pendingLength()).isEqualTo(1);
    });
  }

  @Test
  void recordsAcrossAndWithinTexts() {
    SignalRProtocol.Records records = new SignalRProtocol.Records(100);

    assertThat(records.feed("{\"a\":1}" + RS + "{\"b\"")).containsExactly("{\"a\":1}");
    assertThat(records.feed(":2}" + RS + RS + "{}" + RS)).containsExactly("{\"b\":2}", "", "{}");
    assertThat(records.pendingLength()).isZero();
  }

  @Test
  void aRecordOverTheCapIsRefusedWhetherWholeOrInPieces() {
    SignalRProtocol.Records whole = new SignalRProtocol.Records(10);
    assertThatThrownBy(() -> whole.feed("x".repeat(11) + RS))
        .isInstanceOf(SignalRProtocol.RecordTooLargeException.class).hasMessage("the hub sent a record over 10 characters");

    SignalRProtocol.Records pieces = new SignalRProtocol.Records(10);
    assertThat(pieces.feed("x".repeat(6))).isEmpty();
    assertThatThrownBy(() -> pieces.feed("x".repeat(5))).isInstanceOf(SignalRProtocol.RecordTooLargeException.class);
    assertThat(pieces.feed("x".repeat(10) + RS)).containsExactly("x".repeat(10)); // exactly the cap passes
  }
}
