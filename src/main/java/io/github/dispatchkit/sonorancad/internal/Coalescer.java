package io.github.dispatchkit.sonorancad.internal;

import io.github.dispatchkit.sonorancad.Sleeper;
import io.github.dispatchkit.sonorancad.exception.ClientRateLimitException;
import io.github.dispatchkit.sonorancad.exception.SonoranCadIoException;
import java.io.InterruptedIOException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Function;

/**
 * Coalesces a stream of changes "target T now has value V" of one operation into as few requests as
 * the operation allows, working on the JSON fields of its request body (the spec's
 * {@code x-coalesce} names them; nothing here knows an operation).
 *
 * <ul>
 *   <li>Each submitted body names a value (the rule's value field) and targets: every element of a
 *       batched field, or the whole value of a single one. Other fields, and the path parameters, are common to the request.
 *   <li>Only the latest pending value per target is kept: a newer change supersedes an older one
 *       still waiting, whose future then completes with the newer one's.
 *   <li>Pending targets are grouped by path, common fields, value and the field they are sent in;
 *       targets of a batched field share one request (one array), single ones get one each.
 *   <li>One dispatcher thread sends one group at a time, the one holding the change that has waited
 *       longest, once the limit allows: the sender refuses with {@link ClientRateLimitException}
 *       (nothing applied), the group goes back with every change since merged in, and the
 *       dispatcher waits that long on the {@link Sleeper} and picks again. One request at a time
 *       keeps the changes to one target in order.
 *   <li>Requests start at least {@code spacing} apart (the limit's window divided by its count):
 *       a sliding log lets a whole window's requests go in one burst and then admits none for a
 *       window, so changes arriving after a burst would wait that long; spread out, each group
 *       waits about one round of the groups pending, one spacing per group.
 *   <li>A group applied completes its futures; a group that failed fails them with the failure.
 * </ul>
 *
 * <p>Futures complete on the dispatcher thread. Thread-safe.
 */
public final class Coalescer<P, B> implements AutoCloseable {
  /**
   * Sends one group; returns once the server applied it.
   *
   * @param <P> the path parameters
   * @param <B> the request body
   */
  @FunctionalInterface
  public interface Sender<P, B> {
    /**
     * Sends {@code body} on the path parameters {@code path}.
     *
     * @throws ClientRateLimitException if no permit is free, so that nothing was applied
     * @throws RuntimeException any other failure, reported to every change of the group
     */
    void send(P path, B body);
  }

  /** One target: where it is sent and which one, within its path and common fields. */
  private record Target(Object path, Map<String, Object> common, String field, Object id) {
  }

  /** What one request carries: targets sharing path, common fields, value and field (and, if single, id). */
  private record GroupKey(Object path, Map<String, Object> common, Object value, String field,
      Object id) {
  }

  /** The latest pending value of one target and the futures of every change it stands for. */
  private static final class Entry {
    final Target target;
    final Object value;
    final GroupKey group;
    long since;
    final List<CompletableFuture<Void>> futures = new ArrayList<>(1);

    Entry(Target target, Object value, GroupKey group, long since) {
      this.target = target;
      this.value = value;
      this.group = group;
      this.since = since;
    }
  }

  private final String operationId;
  private final String valueField;
  private final Map<String, String> sentIn;
  private final Set<String> batches;
  private final Function<B, Map<String, Object>> fields;
  private final Function<Map<String, Object>, B> body;
  private final Sender<P, B> sender;
  private final Duration spacing;
  private final Clock clock;
  private final Sleeper sleeper;
  private final ReentrantLock lock = new ReentrantLock();
  private final Condition changed = lock.newCondition();
  private final Map<Target, Entry> pending = new HashMap<>();
  private final Map<GroupKey, Map<Target, Entry>> groups = new LinkedHashMap<>();
  private final Thread dispatcher;
  private long sequence;
  private boolean closed;
  private long nextStartMillis = Long.MIN_VALUE;

  /**
   * Creates a coalescer of {@code operation}, by its {@link Operation#coalescing()} rule, and starts
   * its dispatcher thread.
   *
   * @param operation the operation, which names it in messages and the thread
   * @param fields the JSON fields of a request body, which the coalescer groups
   * @param body the request body of merged JSON fields
   * @param sender sends one group
   * @param spacing the least time from one request's start to the next one's
   * @param clock times the spacing
   * @param sleeper waits for the spacing, and while no permit is free
   */
  public Coalescer(Operation<?> operation, Function<B, Map<String, Object>> fields,
      Function<Map<String, Object>, B> body, Sender<P, B> sender, Duration spacing, Clock clock, Sleeper sleeper) {
    Operation.Coalescing rule = Objects.requireNonNull(operation.coalescing(), "not coalesced: " + operation.id());
    this.operationId = operation.id();
    this.valueField = rule.value();
    this.sentIn = Map.copyOf(rule.sentIn());
    this.batches = Set.copyOf(rule.batches());
    this.fields = Objects.requireNonNull(fields, "fields == null");
    this.body = Objects.requireNonNull(body, "body == null");
    this.sender = Objects.requireNonNull(sender, "sender == null");
    this.spacing = Objects.requireNonNull(spacing, "spacing == null");
    this.clock = Objects.requireNonNull(clock, "clock == null");
    this.sleeper = Objects.requireNonNull(sleeper, "sleeper == null");
    this.dispatcher = new Thread(this::dispatch, "sonoran-cad-" + operationId + "-coalescer");
    dispatcher.setDaemon(true);
    dispatcher.start();
  }

  /**
   * Queues a change: {@code change}'s value for each of its targets.
   *
   * @param path the path parameters, common to the request (equal paths share requests)
   * @param change a validated request body
   * @return completes once every target has the value (or a newer one); fails with the failure of
   *     a request that should have applied it, or {@link IllegalStateException} if closed
   */
  public CompletableFuture<Void> submit(P path, B change) {
    Map<String, Object> body = fields.apply(change);
    Object value = body.get(valueField);
    Map<String, Object> common = new LinkedHashMap<>();
    List<Target> targets = new ArrayList<>();
    for (Map.Entry<String, Object> field : body.entrySet()) {
      if (!field.getKey().equals(valueField) && !sentIn.containsKey(field.getKey())) {
        common.put(field.getKey(), field.getValue());
      }
    }
    Map<String, Object> fixedCommon = Collections.unmodifiableMap(common);
    for (Map.Entry<String, Object> field : body.entrySet()) {
      String in = sentIn.get(field.getKey());
      if (in == null || field.getValue() == null) {
        continue;
      }
      if (batches.contains(in)) {
        Object ids = field.getValue();
        for (Object id : ids instanceof List<?> list ? list : List.of(ids)) {
          targets.add(new Target(path, fixedCommon, in, id));
        }
      } else {
        targets.add(new Target(path, fixedCommon, in, field.getValue()));
      }
    }
    if (value == null || targets.isEmpty()) {
      return CompletableFuture.failedFuture(new IllegalArgumentException(
          operationId + ": a change needs " + valueField + " and one of " + sentIn.keySet()));
    }

    List<CompletableFuture<Void>> futures = new ArrayList<>(targets.size());
    lock.lock();
    try {
      if (closed) {
        return CompletableFuture.failedFuture(
            new IllegalStateException(operationId + " stream is closed"));
      }
      for (Target target : targets) {
        CompletableFuture<Void> future = new CompletableFuture<>();
        futures.add(future);
        Entry entry = new Entry(target, value, groupOf(target, value), sequence++);
        entry.futures.add(future);
        Entry older = pending.get(target);
        if (older != null) {
          removeFromGroup(older);
          entry.futures.addAll(0, older.futures);
          entry.since = older.since;
        }
        add(entry);
      }
      changed.signalAll();
    } finally {
      lock.unlock();
    }
    return futures.size() == 1 ? futures.get(0) : CompletableFuture.allOf(futures.toArray(new CompletableFuture<?>[0]));
  }

  /**
   * Refuses new changes, sends every pending one as the limit allows, and returns once each future
   * completed. Called on the dispatcher thread (from a future's callback), it does not wait.
   */
  @Override
  public void close() {
    lock.lock();
    try {
      closed = true;
      changed.signalAll();
    } finally {
      lock.unlock();
    }
    if (Thread.currentThread() == dispatcher) {
      return;
    }
    try {
      dispatcher.join();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private GroupKey groupOf(Target target, Object value) {
    Object id = batches.contains(target.field()) ? null : target.id();
    return new GroupKey(target.path(), target.common(), value, target.field(), id);
  }

  private void add(Entry entry) {
    pending.put(entry.target, entry);
    groups.computeIfAbsent(entry.group, key -> new LinkedHashMap<>()).put(entry.target, entry);
  }

  private void removeFromGroup(Entry entry) {
    Map<Target, Entry> group = groups.get(entry.group);
    group.remove(entry.target);
    if (group.isEmpty()) {
      groups.remove(entry.group);
    }
  }

  private void dispatch() {
    while (true) {
      GroupKey key;
      List<Entry> group;
      lock.lock();
      try {
        while (groups.isEmpty()) {
          if (closed) {
            return;
          }
          changed.awaitUninterruptibly();
        }
      } finally {
        lock.unlock();
      }
      long now = clock.millis();
      if (now < nextStartMillis && !pause(Duration.ofMillis(nextStartMillis - now))) {
        return;
      }
      lock.lock();
      try {
        key = oldestGroup();
        group = new ArrayList<>(groups.remove(key).values());
        for (Entry entry : group) {
          pending.remove(entry.target);
        }
      } finally {
        lock.unlock();
      }
      try {
        nextStartMillis = clock.millis() + spacing.toMillis();
        @SuppressWarnings("unchecked") // the path of the changes submitted
        P path = (P) key.path();
        sender.send(path, body.apply(merged(key, group)));
        complete(group, null);
      } catch (ClientRateLimitException e) {
        putBack(group);
        if (!pause(e.retryAfter().orElseThrow())) {
          return;
        }
      } catch (RuntimeException | Error e) {
        complete(group, e);
        if (e instanceof Error) {
          failPending((Error) e);
          throw (Error) e;
        }
      }
    }
  }

  /** The group holding the change that has waited longest. */
  private GroupKey oldestGroup() {
    GroupKey oldest = null;
    long oldestSince = Long.MAX_VALUE;
    for (Map.Entry<GroupKey, Map<Target, Entry>> group : groups.entrySet()) {
      for (Entry entry : group.getValue().values()) {
        if (entry.since < oldestSince) {
          oldestSince = entry.since;
          oldest = group.getKey();
        }
      }
    }
    return oldest;
  }

  private Map<String, Object> merged(GroupKey key, List<Entry> group) {
    Map<String, Object> body = new LinkedHashMap<>(key.common());
    if (batches.contains(key.field())) {
      List<Object> ids = new ArrayList<>(group.size());
      for (Entry entry : group) {
        ids.add(entry.target.id());
      }
      body.put(key.field(), ids);
    } else {
      body.put(key.field(), key.id());
    }
    body.put(valueField, key.value());
    return body;
  }

  /** Returns a group that was not applied; a target changed meanwhile keeps its newer value. */
  private void putBack(List<Entry> group) {
    lock.lock();
    try {
      for (Entry entry : group) {
        Entry newer = pending.get(entry.target);
        if (newer == null) {
          add(entry);
        } else {
          newer.futures.addAll(0, entry.futures);
          newer.since = Math.min(newer.since, entry.since);
        }
      }
    } finally {
      lock.unlock();
    }
  }

  /** Waits; false if interrupted, after failing every pending change. */
  private boolean pause(Duration duration) {
    try {
      sleeper.sleep(duration);
      return true;
    } catch (InterruptedException e) {
      failPending(new SonoranCadIoException(operationId, new InterruptedIOException("interrupted while waiting")));
      Thread.currentThread().interrupt();
      return false;
    }
  }

  private void failPending(Throwable failure) {
    List<Entry> all;
    lock.lock();
    try {
      closed = true;
      all = new ArrayList<>(pending.values());
      pending.clear();
      groups.clear();
    } finally {
      lock.unlock();
    }
    complete(all, failure);
  }

  private static void complete(List<Entry> entries, Throwable failure) {
    for (Entry entry : entries) {
      for (CompletableFuture<Void> future : entry.futures) {
        if (failure == null) {
          future.complete(null);
        } else {
          future.completeExceptionally(failure);
        }
      }
    }
  }
}
