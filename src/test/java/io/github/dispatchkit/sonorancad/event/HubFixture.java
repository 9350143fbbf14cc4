package io.github.dispatchkit.sonorancad.event;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.dispatchkit.sonorancad.FakeTime;
import io.github.dispatchkit.sonorancad.SonoranCadClient;
import io.github.dispatchkit.sonorancad.exception.SonoranCadException;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * What the hub tests share: a key, time that moves only when the test says, the errors and states
 * reported, and what to close after each test (newest first). Close it in {@code @AfterEach}.
 */
final class HubFixture implements AutoCloseable {
  static final String KEY = "hub-secret-key-123";

  final FakeTime time = new FakeTime();
  final FakeScheduler scheduler = new FakeScheduler(time);
  final BlockingQueue<SonoranCadException> errors = new LinkedBlockingQueue<>();
  final BlockingQueue<HubState> states = new LinkedBlockingQueue<>();
  private final List<AutoCloseable> toClose = new CopyOnWriteArrayList<>();

  /** Returns client options with the key and the fake time, to change and give to {@link SonoranCadEvents#builder}. */
  SonoranCadClient.Builder options() {
    return SonoranCadClient.builder().apiKey(KEY).clock(time);
  }

  /** Builds events on the fake scheduler, with jitter 0.5, reporting to {@link #errors}. */
  SonoranCadEvents events(SonoranCadEvents.Builder builder) {
    SonoranCadEvents events = closeLater(builder.scheduler(scheduler).random(() -> 0.5).build());
    events.onError(errors::add);
    return events;
  }

  /** Builds events as {@link #events(SonoranCadEvents.Builder)} does, whose handlers run on the receiving thread. */
  SonoranCadEvents events() {
    return events(SonoranCadEvents.builder(options().buildOptions()).executor(Runnable::run));
  }

  /** Starts a raw hub on 127.0.0.1, closed after the test. */
  RawHub rawHub() throws Exception {
    return closeLater(new RawHub());
  }

  /** Closes {@code closeable} after the test, before what was registered earlier. */
  <C extends AutoCloseable> C closeLater(C closeable) {
    toClose.add(0, closeable);
    return closeable;
  }

  /** Waits up to 10 s for {@code expected} among the states reported, skipping the others. */
  void awaitState(HubState expected) throws InterruptedException {
    while (true) {
      HubState state = states.poll(10, TimeUnit.SECONDS);
      if (state == null) {
        throw new AssertionError("state " + expected + " not reached");
      }
      if (state == expected) {
        return;
      }
    }
  }

  /** Waits up to 10 s for an error containing {@code text}; none reported on the way may hold the key. */
  void awaitError(String text) throws InterruptedException {
    while (true) {
      SonoranCadException error = errors.poll(10, TimeUnit.SECONDS);
      if (error == null) {
        throw new AssertionError("no error containing " + text);
      }
      assertThat(error.getMessage()).doesNotContain(KEY);
      if (error.getMessage().contains(text)) {
        return;
      }
    }
  }

  @Override
  public void close() throws Exception {
    for (AutoCloseable closeable : toClose) {
      closeable.close();
    }
  }
}
