package com.dumontcloud.sdk;

import com.dumontcloud.sdk.exception.CallTimeoutException;
import com.dumontcloud.sdk.exception.DumontException;
import com.dumontcloud.sdk.model.Offer;
import com.dumontcloud.sdk.model.OfferPage;
import com.dumontcloud.sdk.model.OfferQuery;
import com.dumontcloud.sdk.model.ProviderError;
import com.dumontcloud.sdk.query.OfferQueries;
import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Ticker;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Offer search across providers: in parallel, a deadline per provider, partial results plus a
 * per-provider error list, a short-lived cache of offer lists per provider and query.
 */
public final class Offers {
  private final Dumont dumont;
  private final Duration providerDeadline;
  private final Cache<List<Object>, List<Offer>> cache;

  Duration providerDeadline() {
    return providerDeadline;
  }

  Offers(Dumont dumont, Duration ttl, Duration providerDeadline) {
    this.dumont = dumont;
    this.providerDeadline = providerDeadline;
    Ticker ticker = () -> {
      java.time.Instant now = dumont.scheduler().now();
      return now.getEpochSecond() * 1_000_000_000L + now.getNano();
    };
    this.cache = ttl.isZero() ? null : Caffeine.newBuilder().maximumSize(1_000).expireAfterWrite(ttl).ticker(ticker)
        .executor(Runnable::run).build();
  }

  /** Search every configured provider. */
  public OfferPage search(OfferQuery query) {
    return search(query, dumont.providerIds());
  }

  /** Search the named providers. */
  public OfferPage search(OfferQuery query, List<String> providerIds) {
    dumont.require(com.dumontcloud.sdk.access.Permission.GPU_VIEW, "search offers");
    Map<String, Future<List<Offer>>> futures = new LinkedHashMap<>();
    for (String id : providerIds) {
      var provider = dumont.provider(id);
      futures.put(id, dumont.executor().submit(() -> fetch(id, provider, query)));
    }
    List<Offer> all = new ArrayList<>();
    List<ProviderError> errors = new ArrayList<>();
    long deadline = System.nanoTime() + providerDeadline.toNanos();
    for (Map.Entry<String, Future<List<Offer>>> e : futures.entrySet()) {
      try {
        long left = Math.max(0, deadline - System.nanoTime());
        all.addAll(e.getValue().get(left, TimeUnit.NANOSECONDS));
      } catch (TimeoutException ex) {
        e.getValue().cancel(true);
        errors.add(new ProviderError(e.getKey(), CallTimeoutException.class.getSimpleName(),
            "no answer within " + providerDeadline.toSeconds() + " s"));
      } catch (ExecutionException ex) {
        Throwable c = ex.getCause();
        errors.add(new ProviderError(e.getKey(), c.getClass().getSimpleName(), String.valueOf(c.getMessage())));
      } catch (InterruptedException ex) {
        Thread.currentThread().interrupt();
        throw new DumontException("interrupted while searching offers", ex);
      }
    }
    if (all.isEmpty() && !errors.isEmpty() && errors.size() == providerIds.size() && providerIds.size() == 1) {
      // a single provider that failed: surface its exception rather than an empty page
      try {
        futures.values().iterator().next().get();
      } catch (ExecutionException ex) {
        if (ex.getCause() instanceof RuntimeException re) throw re;
      } catch (InterruptedException | java.util.concurrent.CancellationException ex) {
        // fall through to the partial page
      }
    }
    List<Offer> matching = all.stream().filter(o -> OfferQueries.matches(query, o)).toList();
    List<Offer> ranked = OfferQueries.rank(matching, query);
    return new OfferPage(ranked, all.size(), matching.size(), query.sort().wireName(),
        query.descending() ? "descending" : "ascending", errors);
  }

  /** {@link #search(OfferQuery)} on the client's executor. */
  public CompletableFuture<OfferPage> searchAsync(OfferQuery query) {
    return CompletableFuture.supplyAsync(() -> search(query), dumont.executor());
  }

  /** Drop cached offer lists (e.g. after a stockout). */
  public void invalidate() {
    if (cache != null) cache.invalidateAll();
  }

  private List<Offer> fetch(String id, com.dumontcloud.sdk.spi.CloudProvider p, OfferQuery query) {
    if (cache == null) return p.searchOffers(query);
    List<Object> key = List.of(id, query);
    List<Offer> cached = cache.getIfPresent(key);
    if (cached != null) return cached;
    List<Offer> fresh = List.copyOf(p.searchOffers(query));
    cache.put(key, fresh);
    return fresh;
  }
}
