package io.github.dispatchkit.sonorancad.internal;

import com.squareup.moshi.JsonAdapter;
import com.squareup.moshi.JsonReader;
import io.github.dispatchkit.sonorancad.Drift;
import io.github.dispatchkit.sonorancad.Drift.Kind;
import io.github.dispatchkit.sonorancad.JsonValue;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * The drift found while decoding one response, carried as a tag of the {@link JsonReader}.
 *
 * <p>Adapters {@linkplain #add add} what they could not type or had to coerce; each generated model
 * adapter reads its properties through {@link #read}, which tags those entries with the property,
 * and at its end {@linkplain #claim claims} the entries of its own properties (nested models having
 * claimed theirs first) into a {@link DecodeState}. Every entry also goes, as a redacted
 * {@link Drift}, into {@link #drifts()}, the whole response's list. Not thread-safe: one per decode.
 */
public final class DecodeLog {
  private final String operationId;
  private final @Nullable ApiKey apiKey;
  private final ArrayList<Entry> pending = new ArrayList<>();
  private final ArrayList<Drift> all = new ArrayList<>();

  /**
   * Creates the log of one response.
   *
   * @param operationId the operation whose response is decoded; empty outside a call
   * @param apiKey redacted from every reported value, or null when none is known
   */
  public DecodeLog(String operationId, @Nullable ApiKey apiKey) {
    this.operationId = operationId;
    this.apiKey = apiKey;
  }

  /** Returns the log of {@code reader}, attaching a new one (no operation, nothing redacted) if it has none. */
  public static DecodeLog of(JsonReader reader) {
    DecodeLog log = reader.tag(DecodeLog.class);
    if (log == null) {
      log = new DecodeLog("", null);
      reader.setTag(DecodeLog.class, log);
    }
    return log;
  }

  /** Returns the operation whose response this is; empty outside a call. */
  String operationId() {
    return operationId;
  }

  /** Returns a position to {@linkplain #claim claim} from: a model adapter's start. */
  public int mark() {
    return pending.size();
  }

  /** Records a drifted value at {@code path}, for the property being read. */
  void add(String path, Kind kind, String expected, JsonValue raw) {
    pending.add(new Entry(path, kind, expected, raw, drift(path, kind, expected, raw)));
  }

  /**
   * Reads the value of property {@code name} with {@code adapter}: null when it is null or could not
   * be typed (then logged).
   */
  public <T> @Nullable T read(JsonReader reader, JsonAdapter<T> adapter, String name) throws IOException {
    int before = pending.size();
    T value = adapter.fromJson(reader);
    for (int i = before; i < pending.size(); i++) {
      pending.get(i).owner = name;
    }
    return value;
  }

  /** Like {@link #read}, for a required property: a {@code null} is logged as {@link Kind#NULL}. */
  public <T> @Nullable T readRequired(JsonReader reader, JsonAdapter<T> adapter, String name) throws IOException {
    if (reader.peek() == JsonReader.Token.NULL) {
      reader.nextNull();
      add(reader.getPath(), Kind.NULL, Json.expected(adapter), JsonValue.NULL); // a member: its path stays
      pending.get(pending.size() - 1).owner = name;
      return null;
    }
    return read(reader, adapter, name);
  }

  /**
   * Reads the value of a property the spec does not know into {@code additional} (created when
   * null), logged as {@link Kind#UNKNOWN_PROPERTY}.
   *
   * @return the map of additional properties
   */
  public Map<String, JsonValue> unknown(JsonReader reader, String name, @Nullable Map<String, JsonValue> additional)
      throws IOException {
    JsonValue value = Json.readValue(reader);
    add(reader.getPath(), Kind.UNKNOWN_PROPERTY, "no such property", value); // a member: its path stays
    pending.get(pending.size() - 1).owner = name;
    Map<String, JsonValue> result = additional != null ? additional : new LinkedHashMap<>();
    result.put(name, value);
    return result;
  }

  /**
   * Logs required property {@code name} as {@link Kind#MISSING}, once its object ended, unless
   * something was already logged for it since {@code mark}.
   */
  public void missing(JsonReader reader, int mark, String name, JsonAdapter<?> adapter) {
    for (int i = mark; i < pending.size(); i++) {
      if (name.equals(pending.get(i).owner)) {
        return;
      }
    }
    add(Json.lastPath(reader) + "." + name, Kind.MISSING, Json.expected(adapter), JsonValue.MISSING);
    pending.get(pending.size() - 1).owner = name;
  }

  /**
   * Takes the entries logged since {@code mark} (the model's own properties: nested models took
   * theirs) and returns them as the model's state, or null when there are none.
   */
  public @Nullable DecodeState claim(int mark) {
    if (pending.size() == mark) {
      return null;
    }
    List<Entry> own = new ArrayList<>(pending.subList(mark, pending.size()));
    pending.subList(mark, pending.size()).clear();
    for (Entry entry : own) {
      all.add(entry.drift);
    }
    return new DecodeState(operationId, own);
  }

  /** Returns a position to {@linkplain #rollback roll back} to. */
  long checkpoint() {
    return ((long) pending.size() << 32) | all.size();
  }

  /** Forgets what was logged since {@code checkpoint}: a tentative reading that was not kept. */
  void rollback(long checkpoint) {
    pending.subList((int) (checkpoint >>> 32), pending.size()).clear();
    all.subList((int) checkpoint, all.size()).clear();
  }

  /** Returns every drift of the response, in the order found. */
  public List<Drift> drifts() {
    List<Drift> result = new ArrayList<>(all);
    for (Entry entry : pending) {
      result.add(entry.drift);
    }
    return Collections.unmodifiableList(result);
  }

  private Drift drift(String path, Kind kind, String expected, JsonValue raw) {
    String received = raw.toString();
    if (apiKey != null) {
      received = apiKey.redact(received);
    }
    return new Drift(path, kind, expected, received);
  }

  /** One drifted value, with the raw JSON (unredacted: it stays in the model) and its report. */
  static final class Entry {
    final String path;
    final Kind kind;
    final String expected;
    final JsonValue raw;
    final Drift drift;
    @Nullable String owner;

    Entry(String path, Kind kind, String expected, JsonValue raw, Drift drift) {
      this.path = path;
      this.kind = kind;
      this.expected = expected;
      this.raw = raw;
      this.drift = drift;
    }

    /** True when the entry is about the owner property's value itself, not an item inside it. */
    boolean isPropertyLevel() {
      return owner != null && path.endsWith("." + owner);
    }

    /** The path from the owning model: {@code status}, {@code units[3]}. */
    String relativePath() {
      int at = owner == null ? -1 : path.lastIndexOf("." + owner);
      return at < 0 ? path : path.substring(at + 1);
    }
  }
}
