package com.dumontcloud.sdk.spi.support;

import com.dumontcloud.sdk.exception.ProviderErrorDetails;
import com.dumontcloud.sdk.exception.ProviderProtocolException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.Set;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.function.Function;
import java.util.function.IntFunction;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;

/**
 * Lazy iteration over a paginated provider API: a page is fetched only when the iteration reaches it, so
 * {@code findFirst()} on the stream reads one page. Two shapes:
 * <ul>
 *   <li>{@link #cursor}: each page carries the token of the next ({@code next_token}, {@code nextPageToken});
 *       a token seen before ends the iteration with a {@link ProviderProtocolException} naming the provider, the
 *       operation and the token, instead of looping for ever;</li>
 *   <li>{@link #pages}: numbered pages until one is empty or shorter than the page size.</li>
 * </ul>
 * More than {@link Builder#maxPages(int)} pages (default 1000) is also a {@link ProviderProtocolException}.
 * Each iteration starts over from the first page. Anchor: AWS SDK v2 {@code SdkIterable} / {@code PaginatedItemsIterable}.
 *
 * <p>Stable for provider authors.
 *
 * @param <T> an item
 */
public final class Paginator<T> implements Iterable<T> {
  /**
   * One page of a cursor API.
   *
   * @param items the page's items
   * @param nextToken the cursor of the next page; null or blank on the last page
   */
  public record Page<T>(List<T> items, String nextToken) {
    public Page {
      items = List.copyOf(items);
      nextToken = nextToken == null || nextToken.isBlank() ? null : nextToken;
    }
  }

  private final String providerId;
  private final String operation;
  private final String tokenName;
  private final int maxPages;
  private final Function<String, Page<T>> cursorFetch;
  private final IntFunction<List<T>> pageFetch;
  private final int firstPage;
  private final int pageSize;

  private Paginator(Builder<T> b) {
    this.providerId = b.providerId;
    this.operation = b.operation;
    this.tokenName = b.tokenName;
    this.maxPages = b.maxPages;
    this.cursorFetch = b.cursorFetch;
    this.pageFetch = b.pageFetch;
    this.firstPage = b.firstPage;
    this.pageSize = b.pageSize;
  }

  /**
   * A cursor API.
   *
   * @param fetch reads the page for a token ({@code null} for the first page)
   */
  public static <T> Builder<T> cursor(String providerId, String operation, Function<String, Page<T>> fetch) {
    Builder<T> b = new Builder<>(providerId, operation);
    b.cursorFetch = Objects.requireNonNull(fetch, "fetch");
    return b;
  }

  /**
   * A numbered-page API.
   *
   * @param firstPage number of the first page (0 or 1, as the API counts)
   * @param pageSize items on a full page; a shorter page is the last. 0 when unknown: then only an empty page ends
   * @param fetch reads the page with a number
   */
  public static <T> Builder<T> pages(String providerId, String operation, int firstPage, int pageSize,
      IntFunction<List<T>> fetch) {
    if (pageSize < 0) throw new IllegalArgumentException("pageSize must be 0 (unknown) or positive, got " + pageSize);
    Builder<T> b = new Builder<>(providerId, operation);
    b.pageFetch = Objects.requireNonNull(fetch, "fetch");
    b.firstPage = firstPage;
    b.pageSize = pageSize;
    return b;
  }

  @Override
  public Iterator<T> iterator() {
    return new It();
  }

  public Stream<T> stream() {
    return StreamSupport.stream(Spliterators.spliteratorUnknownSize(iterator(), Spliterator.ORDERED), false);
  }

  /** Every item of every page. */
  public List<T> toList() {
    List<T> out = new ArrayList<>();
    forEach(out::add);
    return out;
  }

  private ProviderProtocolException protocol(String what) {
    return new ProviderProtocolException(ProviderErrorDetails.of(providerId, operation, what));
  }

  private final class It implements Iterator<T> {
    private final Set<String> seen = new HashSet<>();
    private Iterator<T> current = List.<T>of().iterator();
    private String token;
    private int pagesRead;
    private boolean done;

    @Override
    public boolean hasNext() {
      while (!current.hasNext() && !done) fetch();
      return current.hasNext();
    }

    @Override
    public T next() {
      if (!hasNext()) throw new NoSuchElementException();
      return current.next();
    }

    private void fetch() {
      if (pagesRead >= maxPages) {
        throw protocol("more than " + maxPages + " pages; stopping (raise maxPages if the provider really has that many)");
      }
      if (cursorFetch != null) {
        Page<T> p = Objects.requireNonNull(cursorFetch.apply(token), "page");
        pagesRead++;
        current = p.items().iterator();
        if (p.nextToken() == null) {
          done = true;
        } else if (!seen.add(p.nextToken())) {
          throw protocol(tokenName + " repeats ('" + Redaction.redact(p.nextToken()) + "' after page " + pagesRead
              + "); pagination would never end");
        } else {
          token = p.nextToken();
        }
      } else {
        List<T> items = Objects.requireNonNull(pageFetch.apply(firstPage + pagesRead), "page");
        pagesRead++;
        current = List.copyOf(items).iterator();
        if (items.isEmpty() || pageSize > 0 && items.size() < pageSize) done = true;
      }
    }
  }

  /** Builder. */
  public static final class Builder<T> {
    private final String providerId;
    private final String operation;
    private String tokenName = "next page token";
    private int maxPages = 1000;
    private Function<String, Page<T>> cursorFetch;
    private IntFunction<List<T>> pageFetch;
    private int firstPage;
    private int pageSize;

    private Builder(String providerId, String operation) {
      this.providerId = Objects.requireNonNull(providerId, "providerId");
      this.operation = Objects.requireNonNull(operation, "operation");
    }

    /** The provider's name for the cursor, for messages ({@code "next_token"}). */
    public Builder<T> tokenName(String name) {
      tokenName = Objects.requireNonNull(name, "tokenName");
      return this;
    }

    /** At most this many pages per iteration (default 1000). */
    public Builder<T> maxPages(int n) {
      if (n < 1) throw new IllegalArgumentException("maxPages must be at least 1, got " + n);
      maxPages = n;
      return this;
    }

    public Paginator<T> build() {
      return new Paginator<>(this);
    }
  }
}
