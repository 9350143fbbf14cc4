package io.github.dispatchkit.sonorancad.event;

import io.github.dispatchkit.sonorancad.internal.ApiKey;
import com.squareup.moshi.JsonAdapter;
import io.github.dispatchkit.sonorancad.exception.EventException;
import io.github.dispatchkit.sonorancad.exception.SonoranCadException;
import io.github.dispatchkit.sonorancad.internal.Json;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;

/**
 * Decodes envelopes from both deliveries and calls the handlers, on the executor, one at a time.
 *
 * <p>Decoding accepts every documented form (see {@code openapi/CURATION.md}, "Push events"):
 * {@code data} as an object or as an array of objects (one event each) and a lower-case
 * {@code type} here; a lone item for a list and a numeric string for an ID where the spec marks them
 * ({@code x-accept-single}, {@code x-accept-numeric-string}) in the generated decoders; and, here
 * again, a dispatch note or a dispatch call's notes sent as plain text. Thread-safe.
 */
final class EventDispatcher implements EnvelopeSink {
  /** Largest integer a JSON number parsed as {@code double} holds exactly. */
  private static final double EXACT_INTEGER = 0x1p53;

  private final ApiKey apiKey;
  private final Executor executor;
  private final int maxQueued;
  private final long maxQueuedBytes;
  private final Object queueLock = new Object();
  private int queued;
  private long queuedBytes;
  private long droppedEvents;
  private long droppedErrors;
  private final Map<EventType<?>, List<EventHandler<?>>> handlers = new ConcurrentHashMap<>();
  private final List<Consumer<RawEvent>> otherHandlers = new CopyOnWriteArrayList<>();
  private final List<Consumer<SonoranCadException>> errorHandlers = new CopyOnWriteArrayList<>();

  EventDispatcher(ApiKey apiKey, Executor executor, int maxQueued, long maxQueuedBytes) {
    this.apiKey = apiKey;
    this.executor = executor;
    this.maxQueued = maxQueued;
    this.maxQueuedBytes = maxQueuedBytes;
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
  public boolean accept(Object envelope, boolean fromHub, int size) {
    return submit(() -> dispatch(envelope, fromHub ? Delivery.HUB : Delivery.HTTP), Math.max(0, size), false);
  }

  @Override
  public void error(SonoranCadException error) {
    String message = error.getMessage();
    submit(() -> reportNow(error), message == null ? 0 : message.length(), true);
  }

  /**
   * Queues a task unless the queue already holds {@code maxQueued} tasks or {@code maxQueuedBytes};
   * a task refused is counted, and the count reported once the events thread gets to the next task.
   */
  private boolean submit(Runnable task, int size, boolean isError) {
    synchronized (queueLock) {
      if (queued >= maxQueued || (queued > 0 && queuedBytes + size > maxQueuedBytes)) {
        if (isError) {
          droppedErrors++;
        } else {
          droppedEvents++;
        }
        return false;
      }
      queued++;
      queuedBytes += size;
    }
    try {
      executor.execute(() -> {
        try {
          task.run();
        } finally {
          finished(size);
        }
      });
      return true;
    } catch (RejectedExecutionException e) {
      synchronized (queueLock) {
        queued--;
        queuedBytes -= size;
      }
      return false; // closed: events arriving during shutdown are dropped
    }
  }

  private void finished(int size) {
    long events;
    long errors;
    synchronized (queueLock) {
      queued--;
      queuedBytes -= size;
      events = droppedEvents;
      errors = droppedErrors;
      droppedEvents = 0;
      droppedErrors = 0;
    }
    if (events + errors > 0) {
      reportNow(new EventException("(queue)", "dropped " + events + " events and " + errors + " error reports:"
          + " the handlers fell behind (at most " + maxQueued + " events or " + (maxQueuedBytes >> 20)
          + " MiB queued)", null));
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
    // The type is the sender's text: masked, should it carry the key, before it reaches a handler or a message.
    String shownType = apiKey.redact(rawType);
    String typeName = apiKey.redact(shownType.toUpperCase(Locale.ROOT));
    Object key = map.get("key");
    if (key != null && !apiKey.matches(key instanceof String text ? text : null)) {
      reportNow(new EventException(typeName, "refused an event whose key is not this client's API key", null));
      return;
    }
    Object data = map.get("data");
    EventType<?> type = EventType.of(typeName).orElse(null);
    if (type == null) {
      deliverOther(new RawEvent(shownType, data, delivery));
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
      deliverOther(new RawEvent(shownType, data, delivery));
      return;
    }
    for (Object item : items) {
      deliverTyped(type, shownType, item, delivery);
    }
  }

  private <T> void deliverTyped(EventType<T> type, String rawType, Object item, Delivery delivery) {
    T decoded;
    try {
      if (!(item instanceof Map<?, ?> itemMap)) {
        throw new IllegalArgumentException("data is not a JSON object");
      }
      JsonAdapter<T> adapter = Json.strict(Json.MOSHI.adapter(type.dataClass()));
      Map<String, Object> normalized = normalize(type, itemMap);
      decoded = adapter.fromJsonValue(normalized);
      String changed = changedNumber(normalized, adapter.toJsonValue(decoded), "$");
      if (changed != null) {
        throw new IllegalArgumentException("the number at " + changed + " is out of range or not whole for its type");
      }
    } catch (RuntimeException e) {
      reportNow(new EventException(type.name(), "data does not fit " + type.dataClass().getSimpleName()
          + ": " + apiKey.redact(e.getMessage()) + "; passed on as a raw event", null));
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

  /**
   * Rewrites the documented forms the generated decoders cannot read: a Dispatch Note's {@code note}
   * as plain text becomes {@code {content: text}}; a dispatch call's {@code notes} as text (the
   * New/Modified Dispatch pages' {@code ""}) becomes no note or one note. Integral numbers become
   * {@code Long}s, so that a number in a string map (the API's {@code CallMetaData}) reads as
   * {@code "1"}, not {@code "1.0"}.
   */
  private static Map<String, Object> normalize(EventType<?> type, Map<?, ?> data) {
    Map<String, Object> result = new LinkedHashMap<>();
    data.forEach((name, item) -> result.put(String.valueOf(name), integral(item)));
    if (type == EventType.DISPATCH_NOTE && result.get("note") instanceof String text) {
      result.put("note", Map.of("content", text));
    }
    if ((type == EventType.DISPATCH_NEW || type == EventType.DISPATCH_EDIT)
        && result.get("dispatch") instanceof Map<?, ?> dispatch
        && dispatch.get("notes") instanceof String text) {
      Map<Object, Object> call = new LinkedHashMap<>(dispatch);
      call.put("notes", text.isBlank() ? List.of() : List.of(Map.of("content", text)));
      result.put("dispatch", call);
    }
    return result;
  }

  /**
   * Returns the JSON path of the first number of {@code sent} that the decoded data, written back as
   * {@code decoded}, holds with another value (an integer out of its type's range, a fraction or
   * an exponent given to an integer, which the generated decoders would otherwise wrap or cut), or
   * null when every number survived. Compares only where both hold a number, so properties the
   * model does not know, numeric strings and lone items for lists pass.
   */
  static @Nullable String changedNumber(@Nullable Object sent, @Nullable Object decoded, String path) {
    if (sent instanceof Number number) {
      Object value = decoded instanceof List<?> list && list.size() == 1 ? list.get(0) : decoded;
      return value instanceof Number written && !sameNumber(number, written) ? path : null;
    }
    if (sent instanceof Map<?, ?> map && decoded instanceof Map<?, ?> written) {
      for (Map.Entry<?, ?> entry : map.entrySet()) {
        if (written.containsKey(entry.getKey())) {
          String changed = changedNumber(entry.getValue(), written.get(entry.getKey()), path + "." + entry.getKey());
          if (changed != null) {
            return changed;
          }
        }
      }
    }
    if (sent instanceof List<?> list && decoded instanceof List<?> written) {
      for (int i = 0; i < Math.min(list.size(), written.size()); i++) {
        String changed = changedNumber(list.get(i), written.get(i), path + "[" + i + "]");
        if (changed != null) {
          return changed;
        }
      }
    }
    return null;
  }

  private static boolean sameNumber(Number sent, Number written) {
    BigDecimal a = exact(sent);
    BigDecimal b = exact(written);
    return a != null && b != null && a.compareTo(b) == 0;
  }

  private static @Nullable BigDecimal exact(Number number) {
    if (number instanceof Double || number instanceof Float) {
      double value = number.doubleValue();
      return Double.isFinite(value) ? BigDecimal.valueOf(value) : null;
    }
    if (number instanceof BigDecimal decimal) {
      return decimal;
    }
    if (number instanceof BigInteger integer) {
      return new BigDecimal(integer);
    }
    return BigDecimal.valueOf(number.longValue());
  }

  private static Object integral(Object value) {
    if (value instanceof Double number && number == Math.rint(number) && Math.abs(number) <= EXACT_INTEGER) {
      return number.longValue();
    }
    if (value instanceof Map<?, ?> map) {
      Map<Object, Object> copy = new LinkedHashMap<>();
      map.forEach((name, item) -> copy.put(name, integral(item)));
      return copy;
    }
    if (value instanceof List<?> list) {
      List<Object> copy = new ArrayList<>(list.size());
      list.forEach(item -> copy.add(integral(item)));
      return copy;
    }
    return value;
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
