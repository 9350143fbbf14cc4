package io.github.dispatchkit.sonorancad.event;

import com.squareup.moshi.JsonAdapter;
import io.github.dispatchkit.sonorancad.exception.EventException;
import io.github.dispatchkit.sonorancad.exception.SonoranCadException;
import io.github.dispatchkit.sonorancad.internal.Json;
import io.github.dispatchkit.sonorancad.internal.event.EnvelopeSink;
import io.github.dispatchkit.sonorancad.internal.event.Secrets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.Consumer;

/**
 * Decodes envelopes from both deliveries and calls the handlers, on the executor, one at a time.
 *
 * <p>Decoding accepts every documented form (see {@code openapi/CURATION.md}, "Push events"):
 * {@code data} as an object or as an array of objects (one event each); a single ID where the
 * contract has a list of IDs; an ID sent as a numeric string; a dispatch note sent as plain text;
 * a lower-case {@code type}. Thread-safe.
 */
final class EventDispatcher implements EnvelopeSink {
  /** Properties holding lists of IDs or names that some pages show as a single value. */
  private static final Set<String> LIST_PROPERTIES = Set.of("identIds", "callIds", "idents", "apiIds", "addresses", "colors");
  /** Integer properties some pages show as strings (Toggle Bodycam's {@code "ident", "1"}). */
  private static final Set<String> INTEGER_PROPERTIES = Set.of("ident", "identId", "callId", "eventOriginIdent");

  private final String apiKey;
  private final Executor executor;
  private final Map<EventType<?>, List<EventHandler<?>>> handlers = new ConcurrentHashMap<>();
  private final List<Consumer<RawEvent>> otherHandlers = new CopyOnWriteArrayList<>();
  private final List<Consumer<SonoranCadException>> errorHandlers = new CopyOnWriteArrayList<>();

  EventDispatcher(String apiKey, Executor executor) {
    this.apiKey = apiKey;
    this.executor = executor;
  }

  <T> void on(EventType<T> type, EventHandler<T> handler) {
    handlers.computeIfAbsent(type, ignored -> new CopyOnWriteArrayList<>()).add(handler);
  }

  void onOther(Consumer<RawEvent> handler) {
    otherHandlers.add(handler);
  }

  void onError(Consumer<SonoranCadException> handler) {
    errorHandlers.add(handler);
  }

  @Override
  public void accept(Object envelope, boolean fromHub) {
    submit(() -> dispatch(envelope, fromHub ? Delivery.HUB : Delivery.HTTP));
  }

  @Override
  public void error(SonoranCadException error) {
    submit(() -> reportNow(error));
  }

  private void submit(Runnable task) {
    try {
      executor.execute(task);
    } catch (RejectedExecutionException e) {
      // closed: events arriving during shutdown are dropped
    }
  }

  /** Decodes and delivers one envelope on the calling thread. */
  void dispatch(Object envelope, Delivery delivery) {
    if (!(envelope instanceof Map<?, ?> map)) {
      reportNow(new EventException("(none)", "ignored an event that is not a JSON object", null));
      return;
    }
    if (!(map.get("type") instanceof String rawType) || rawType.isBlank()) {
      reportNow(new EventException("(none)", "ignored an event without a type", null));
      return;
    }
    String typeName = rawType.toUpperCase(Locale.ROOT);
    Object key = map.get("key");
    if (key != null && !Secrets.keyMatches(key instanceof String text ? text : null, apiKey)) {
      reportNow(new EventException(typeName, "refused an event whose key is not this client's API key", null));
      return;
    }
    Object data = map.get("data");
    EventType<?> type = EventType.of(typeName).orElse(null);
    if (type == null) {
      deliverOther(new RawEvent(rawType, data, delivery));
      return;
    }
    List<Object> items = new ArrayList<>();
    if (data instanceof List<?> list) {
      items.addAll(list);
    } else {
      items.add(data == null ? Map.of() : data);
    }
    if (items.isEmpty()) {
      reportNow(new EventException(typeName, "the event's data is an empty array", null));
      deliverOther(new RawEvent(rawType, data, delivery));
      return;
    }
    for (Object item : items) {
      deliverTyped(type, rawType, item, delivery);
    }
  }

  private <T> void deliverTyped(EventType<T> type, String rawType, Object item, Delivery delivery) {
    T decoded;
    try {
      if (!(item instanceof Map<?, ?> itemMap)) {
        throw new IllegalArgumentException("data is not a JSON object");
      }
      JsonAdapter<T> adapter = Json.MOSHI.adapter(type.dataClass());
      decoded = adapter.fromJsonValue(normalize(type, itemMap));
    } catch (RuntimeException e) {
      reportNow(new EventException(type.name(), "data does not fit " + type.dataClass().getSimpleName()
          + ": " + Secrets.mask(e.getMessage(), apiKey) + "; passed on as a raw event", null));
      deliverOther(new RawEvent(rawType, item, delivery));
      return;
    }
    Event<T> event = new Event<>(type, decoded, delivery);
    for (EventHandler<?> handler : handlers.getOrDefault(type, List.of())) {
      @SuppressWarnings("unchecked")
      EventHandler<T> typed = (EventHandler<T>) handler;
      try {
        typed.handle(event);
      } catch (Exception | LinkageError | AssertionError e) {
        reportNow(new EventException(type.name(), "a handler threw " + e.getClass().getName(), e));
      }
    }
  }

  private static Map<String, Object> normalize(EventType<?> type, Map<?, ?> data) {
    Map<String, Object> result = new LinkedHashMap<>();
    for (Map.Entry<?, ?> entry : data.entrySet()) {
      String name = String.valueOf(entry.getKey());
      Object value = entry.getValue();
      if (LIST_PROPERTIES.contains(name) && value != null && !(value instanceof List)) {
        value = List.of(value);
      } else if (INTEGER_PROPERTIES.contains(name) && value instanceof String text && text.trim().matches("-?\\d{1,9}")) {
        value = Double.valueOf(text.trim());
      } else if (type == EventType.DISPATCH_NOTE && name.equals("note") && value instanceof String text) {
        value = Map.of("content", text);
      }
      result.put(name, value);
    }
    return result;
  }

  private void deliverOther(RawEvent event) {
    for (Consumer<RawEvent> handler : otherHandlers) {
      try {
        handler.accept(event);
      } catch (Exception | LinkageError | AssertionError e) {
        reportNow(new EventException(event.type(), "the catch-all handler threw " + e.getClass().getName(), e));
      }
    }
  }

  private void reportNow(SonoranCadException error) {
    for (Consumer<SonoranCadException> handler : errorHandlers) {
      try {
        handler.accept(error);
      } catch (RuntimeException ignored) {
        // an error handler that throws must not stop the stream either
      }
    }
  }
}
