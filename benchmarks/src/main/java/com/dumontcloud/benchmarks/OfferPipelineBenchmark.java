package com.dumontcloud.benchmarks;

import com.dumontcloud.sdk.spi.support.Json;
import com.dumontcloud.sdk.spi.support.JsonCodec;
import com.dumontcloud.sdk.model.Offer;
import com.dumontcloud.sdk.model.OfferQuery;
import com.dumontcloud.sdk.model.PricingModel;
import com.dumontcloud.sdk.query.OfferQueries;
import com.dumontcloud.sdk.vast.internal.VastParsers;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Offer pipeline on a Vast search answer of 10k and 100k offers (generated from a seed by
 * {@link VastOfferBodies}, about 2.7 KB of JSON per offer):
 *
 * <ul>
 *   <li>{@link #rawParse} (baseline): Moshi parse of the body into maps and lists, nothing else;
 *   <li>{@link #decodeAndNormalise}: the Vast provider's search path after the HTTP call: parse, then
 *       {@link VastParsers#offer} per entry (unit normalisation, GPU catalog lookup, location, model objects);
 *   <li>{@link #filterAndRank}: {@link OfferQueries#rank} (filter with {@link OfferQueries#matches}, sort by
 *       price) over the already decoded offers.
 * </ul>
 *
 * <p>A search plus local ranking costs {@code decodeAndNormalise + filterAndRank}.
 */
@State(Scope.Benchmark)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 2)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Xms8g", "-Xmx8g"})
public class OfferPipelineBenchmark {
  /** The typical local query of the brief: 16 GiB or more, under $1/h, reliability above 0.95. */
  static final String QUERY = "gpu_ram>=16 dph<1.0 reliability>0.95";

  @Param({"10000", "100000"})
  public int offers;

  private String body;
  private List<Offer> decoded;
  private OfferQuery query;

  @Setup(Level.Trial)
  public void setUp() {
    body = VastOfferBodies.body(offers, 42);
    decoded = decode(body);
    query = OfferQueries.parse(QUERY);
    if (decoded.size() != offers) {
      throw new IllegalStateException("decoded " + decoded.size() + " of " + offers + " generated offers");
    }
    int matching = OfferQueries.rank(decoded, query).size();
    if (matching == 0) throw new IllegalStateException("the query matches nothing");
    System.out.printf("%n[setup] %d offers, %.1f MB of JSON, %d match '%s'%n", offers, body.length() / 1e6, matching,
        QUERY);
  }

  @Benchmark
  public Object rawParse() {
    return JsonCodec.standard().parse(body);
  }

  @Benchmark
  public List<Offer> decodeAndNormalise() {
    return decode(body);
  }

  @Benchmark
  public List<Offer> filterAndRank() {
    return OfferQueries.rank(decoded, query);
  }

  /** What {@code VastProvider.searchOffers} does with the answer body (minus logging of skipped entries). */
  static List<Offer> decode(String json) {
    List<Object> raw = Json.arr(Json.obj(JsonCodec.standard().parse(json), "body").get("offers"), "offers");
    List<Offer> out = new ArrayList<>(raw.size());
    for (Object o : raw) {
      Offer offer;
      try {
        offer = VastParsers.offer("vast", o, PricingModel.ON_DEMAND);
      } catch (IllegalArgumentException e) {
        offer = null;
      }
      if (offer != null) out.add(offer);
    }
    return out;
  }
}
