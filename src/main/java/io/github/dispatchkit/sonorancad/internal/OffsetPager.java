package io.github.dispatchkit.sonorancad.internal;

import io.github.dispatchkit.sonorancad.AutoPager;
import io.github.dispatchkit.sonorancad.exception.InvalidResponseException;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.function.Function;
import java.util.function.IntFunction;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;
import org.jspecify.annotations.Nullable;

/**
 * The {@link AutoPager} of a limit/offset operation: the generated {@code ...AutoPaging} methods
 * pass how to fetch the page at an offset and where a response keeps its items and total, as the
 * operation's {@code x-paging} extension says. Knows no operation.
 *
 * @param <R> the operation's response type
 * @param <T> the item type
 */
public final class OffsetPager<R, T> implements AutoPager<T> {
  private final String operationId;
  private final int firstOffset;
  private final int pageSize;
  private final IntFunction<R> fetch;
  private final Function<R, @Nullable List<T>> items;
  private final Function<R, @Nullable Integer> total;

  /**
   * Creates a pager; nothing is fetched until it is iterated.
   *
   * @param operationId the spec's operationId, for errors
   * @param firstOffset the offset of the first page
   * @param pageSize the page size the server applies: the requested limit, else its default
   * @param fetch fetches the page at an offset through the operation's ordinary call
   * @param items the items of a page (null reads as none)
   * @param total the number of items in all pages, or null when a response does not say
   */
  public OffsetPager(String operationId, int firstOffset, int pageSize, IntFunction<R> fetch,
      Function<R, @Nullable List<T>> items, Function<R, @Nullable Integer> total) {
    this.operationId = operationId;
    this.firstOffset = firstOffset;
    this.pageSize = pageSize;
    this.fetch = fetch;
    this.items = items;
    this.total = total;
  }

  @Override
  public Iterator<T> iterator() {
    return new Walk();
  }

  @Override
  public Spliterator<T> spliterator() {
    return Spliterators.spliteratorUnknownSize(iterator(), Spliterator.ORDERED);
  }

  @Override
  public Stream<T> stream() {
    return StreamSupport.stream(spliterator(), false);
  }

  @Override
  public String toString() {
    return "AutoPager(" + operationId + ", from offset " + firstOffset + ", page size " + pageSize + ")";
  }

  /** One walk over the pages; fetches the next page when the current one is used up. */
  private final class Walk implements Iterator<T> {
    private int offset = firstOffset;
    private Iterator<T> current = Collections.emptyIterator();
    private @Nullable List<T> previous;
    private boolean last;

    @Override
    public boolean hasNext() {
      while (!current.hasNext()) {
        if (last) {
          return false;
        }
        fetchNext();
      }
      return true;
    }

    @Override
    public T next() {
      if (!hasNext()) {
        throw new NoSuchElementException();
      }
      return current.next();
    }

    /** Fetches the page at {@link #offset}; a failed fetch leaves the walk where it was. */
    private void fetchNext() {
      R response = fetch.apply(offset);
      List<T> page = items.apply(response);
      if (page == null || page.isEmpty()) {
        last = true;
        return;
      }
      if (page.equals(previous)) {
        throw new InvalidResponseException(operationId, "the page at offset " + offset
            + " repeats the previous page: the server ignores the offset", "");
      }
      Integer all = total.apply(response);
      long next = (long) offset + page.size();
      last = page.size() < pageSize || (all != null && next >= all) || next > Integer.MAX_VALUE;
      offset = (int) next;
      previous = page;
      current = page.iterator();
    }
  }
}
