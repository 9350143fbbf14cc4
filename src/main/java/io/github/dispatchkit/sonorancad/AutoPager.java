package io.github.dispatchkit.sonorancad;

import io.github.dispatchkit.sonorancad.ratelimit.RateLimitMode;
import java.util.stream.Stream;

/**
 * Every item of a paged operation, page after page, fetched only when needed.
 *
 * <p>The generated {@code ...AutoPaging} methods return one for each operation the spec marks
 * {@code x-paging} ({@code client.general().accounts().getAccountsAutoPaging(params)}). Creating it
 * validates the arguments and sends nothing; each iteration (or stream) starts a new walk at the
 * parameters' offset and fetches a page only when the items before it are used up. Every page is
 * one ordinary call of the operation: it takes a permit of the operation's rate limit (waiting for
 * one, or throwing {@link io.github.dispatchkit.sonorancad.exception.ClientRateLimitException} in
 * {@link RateLimitMode#FAIL_FAST}), is retried by the same rules, and fails with the same typed
 * exceptions, thrown from {@code hasNext()} or {@code next()}. After such a failure the same
 * iterator fetches that page again when asked for its next item.
 *
 * <p>The walk ends at an empty page, at a page shorter than the page size (the {@code limit} set on
 * the parameters, else the server's default), or once the response's total is reached. A server
 * that ignores the offset and answers the same full page again ends it with {@link
 * io.github.dispatchkit.sonorancad.exception.InvalidResponseException}, never an endless loop.
 *
 * <p>In Kotlin, call {@code asSequence()} before {@code filter}, {@code map} and the like: Kotlin's
 * operators on an {@code Iterable} build a list of every item, and so fetch every page.
 *
 * <p>Thread-safe to share; each iterator is for one thread.
 *
 * @param <T> the item type
 */
public interface AutoPager<T> extends Iterable<T> {
  /**
   * Returns the items as a sequential stream that fetches pages as it is consumed: a short-circuiting
   * operation such as {@code limit(n)} or {@code findFirst()} fetches no page past the one it needs.
   *
   * @return a new stream over a new walk
   */
  Stream<T> stream();
}
