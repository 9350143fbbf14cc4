package io.github.dispatchkit.sonorancad.event;

import com.squareup.moshi.JsonAdapter;
import com.squareup.moshi.JsonReader;
import io.github.dispatchkit.sonorancad.internal.Json;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import okio.Buffer;

/**
 * The SignalR JSON hub protocol, version 1: records are JSON texts each ended by the record
 * separator 0x1E; the first record each way is the handshake; then messages with a numeric
 * {@code type}. Not thread-safe (one {@link Records} per connection).
 */
final class SignalRProtocol {
  /** Ends every record. */
  static final char RECORD_SEPARATOR = '\u001e';
  /** A call of a method: the client's on the hub, or the hub's on the client (such as {@code pushEvent}). */
  static final int INVOCATION = 1;
  /** The result or error of an invocation that had an {@code invocationId}. */
  static final int COMPLETION = 3;
  /** Keep-alive, either way. */
  static final int PING = 6;
  /** The hub closes the connection, with an optional {@code error} and {@code allowReconnect}. */
  static final int CLOSE = 7;

  private static final JsonAdapter<Object> VALUE = Json.MOSHI.adapter(Object.class);

  private SignalRProtocol() {
  }

  /** Returns the client's handshake record: JSON protocol, version 1. */
  static String handshakeRequest() {
    return "{\"protocol\":\"json\",\"version\":1}" + RECORD_SEPARATOR;
  }

  /** Returns a ping record. */
  static String ping() {
    return "{\"type\":6}" + RECORD_SEPARATOR;
  }

  /**
   * Returns an invocation record; {@code invocationId} null for one that expects no completion.
   * Arguments are encoded with the client's Moshi, so generated models are written as the spec says.
   */
  static String invocation(String invocationId, String target, List<?> arguments) {
    Map<String, Object> message = new LinkedHashMap<>();
    message.put("type", INVOCATION);
    if (invocationId != null) {
      message.put("invocationId", invocationId);
    }
    message.put("target", target);
    message.put("arguments", arguments);
    return VALUE.toJson(message) + RECORD_SEPARATOR;
  }

  /**
   * Parses one record (without its separator) as JSON.
   *
   * @throws IOException if it is not one JSON value
   */
  static Object parse(String record) throws IOException {
    JsonReader reader = JsonReader.of(new Buffer().writeUtf8(record));
    Object value = reader.readJsonValue();
    if (reader.peek() != JsonReader.Token.END_DOCUMENT) {
      throw new IOException("trailing data after the JSON value");
    }
    return value;
  }

  /** Returns the message's {@code type}, or -1 when it has none or it is not a whole number. */
  static int type(Object message) {
    if (message instanceof Map<?, ?> map && map.get("type") instanceof Number number
        && number.doubleValue() == Math.rint(number.doubleValue())) {
      return number.intValue();
    }
    return -1;
  }

  /**
   * Splits received text into whole records, keeping an unfinished one for the next text. Each
   * character is scanned once, however the records are cut into texts.
   */
  static final class Records {
    private final int maxRecordLength;
    private final StringBuilder pending = new StringBuilder();

    /** Creates a splitter that refuses a record longer than {@code maxRecordLength} characters. */
    Records(int maxRecordLength) {
      this.maxRecordLength = maxRecordLength;
    }

    /**
     * Returns the records completed by {@code text}, in order, without separators.
     *
     * @throws RecordTooLargeException if a record grows past the limit
     */
    List<String> feed(String text) {
      List<String> records = new ArrayList<>();
      int start = 0;
      for (int i = text.indexOf(RECORD_SEPARATOR); i >= 0; i = text.indexOf(RECORD_SEPARATOR, start)) {
        checkLength((long) pending.length() + i - start);
        if (pending.length() == 0) {
          records.add(text.substring(start, i));
        } else {
          records.add(pending.append(text, start, i).toString());
          pending.setLength(0);
        }
        start = i + 1;
      }
      checkLength((long) pending.length() + text.length() - start);
      pending.append(text, start, text.length());
      return records;
    }

    private void checkLength(long length) {
      if (length > maxRecordLength) {
        pending.setLength(0);
        throw new RecordTooLargeException(maxRecordLength);
      }
    }

    /** Returns the length of an unfinished record held back. */
    int pendingLength() {
      return pending.length();
    }
  }

  /** A record longer than the limit: the connection cannot be trusted to resynchronise. */
  static final class RecordTooLargeException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    RecordTooLargeException(int maxRecordLength) {
      super("the hub sent a record over " + maxRecordLength + " characters");
    }
  }
}
