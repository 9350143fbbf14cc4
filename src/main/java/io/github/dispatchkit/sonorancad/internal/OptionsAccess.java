package io.github.dispatchkit.sonorancad.internal;

import io.github.dispatchkit.sonorancad.ClientOptions;
import java.util.Objects;
import java.util.function.Function;

/**
 * How code outside the client's package reads the API key that a {@link ClientOptions} holds, since
 * the options expose no accessor for it: the push-event client sends it in its hub messages and
 * compares it on the HTTP listener. Nothing else may call this.
 */
public final class OptionsAccess {
  private static volatile Function<ClientOptions, ApiKey> keys;

  private OptionsAccess() {
  }

  /**
   * Called once by {@link ClientOptions} when its class is initialised.
   *
   * @param reader reads the key of an options object
   * @throws IllegalStateException if called again
   */
  public static synchronized void install(Function<ClientOptions, ApiKey> reader) {
    if (keys != null) {
      throw new IllegalStateException("already installed");
    }
    keys = Objects.requireNonNull(reader, "reader == null");
  }

  /**
   * Returns the API key of {@code options}.
   *
   * @param options the options, whose class initialisation installed the reader
   * @return the key
   */
  public static ApiKey apiKey(ClientOptions options) {
    return keys.apply(Objects.requireNonNull(options, "options == null"));
  }
}
