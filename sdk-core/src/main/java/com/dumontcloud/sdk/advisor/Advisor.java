package com.dumontcloud.sdk.advisor;

import com.dumontcloud.sdk.Dumont;
import com.dumontcloud.sdk.model.Offer;
import com.dumontcloud.sdk.model.OfferPage;
import com.dumontcloud.sdk.model.OfferQuery;
import com.dumontcloud.sdk.model.PricingModel;
import com.dumontcloud.sdk.model.ProviderError;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.function.Predicate;

/**
 * GPU sizing and recommendation, reached as {@code dumont.advisor()}: how much memory a model needs
 * ({@link #estimate}) and which live offers of the configured providers hold it ({@link #recommend}).
 *
 * <pre>{@code
 * Recommendation r = dumont.advisor().recommend("meta-llama/Llama-3.1-8B-Instruct",
 *     Workload.builder().context(8192).concurrency(8).maxPricePerHour(0.5).build());
 * r.tier(Tier.RECOMMENDED).ifPresent(t -> System.out.println(t.reason()));
 * }</pre>
 *
 * <p><b>Offers considered.</b> One search of the workload's providers for GPUs with at least the per-GPU memory the
 * model needs at the largest tensor-parallel size it allows; an offer qualifies when its GPU count is exactly the
 * fewest GPUs of its kind that hold the estimate ({@link VramEstimate#gpusNeeded}), so no tier pays for idle GPUs.
 * A budget cap then drops the offers above it.
 *
 * <p><b>Tiers.</b>
 * <ul>
 *   <li><b>minimum</b>: the cheapest qualifying offer (spot included unless the workload asks for on-demand).
 *   <li><b>recommended</b>: the cheapest on-demand offer (spot when the workload asks for spot only) with reliability
 *       of at least {@value #RECOMMENDED_MIN_RELIABILITY} where the provider reports one, whose GPUs keep at least
 *       {@value #RECOMMENDED_SPARE} of the memory vLLM may use free for longer prompts and more sequences; when none is
 *       on-demand and reliable, the cheapest with that spare memory; left out when no offer has it.
 *   <li><b>maximum</b>: the offer with the most GPU performance (relative performance of the GPU catalog × GPUs),
 *       the cheaper on a tie.
 * </ul>
 * Ties on price go to the offer with more spare memory, then to the provider's order.
 *
 * <p><b>Throughput.</b> Each tier carries the output tokens per second of one instance and the price per million
 * output tokens: the measured figure of the workload for its GPU ({@link Workload.Builder#putThroughput}) when
 * given, else the memory-bandwidth roofline estimate of {@link MemoryBandwidth} (labelled {@link
 * ThroughputKind#ESTIMATE}, with its bandwidth and efficiency in the source); none for a GPU of unknown bandwidth.
 *
 * <p>Deterministic: the same catalog, workload and offers give the same answer. Thread-safe.
 */
public final class Advisor {
  /** Share of the usable memory the recommended tier keeps free. */
  public static final double RECOMMENDED_SPARE = 0.2;

  /** Lowest reported reliability the recommended tier accepts. */
  public static final double RECOMMENDED_MIN_RELIABILITY = 0.95;

  private final Dumont dumont;

  private Advisor(Dumont dumont) {
    this.dumont = Objects.requireNonNull(dumont, "dumont");
  }

  /** The advisor of a client (the client's own is {@code dumont.advisor()}). */
  public static Advisor of(Dumont dumont) {
    return new Advisor(dumont);
  }

  /**
   * The catalog's model, or for a model it lacks with a parameter count, the assumed shape.
   *
   * @param parameters the total parameter count, or null (required for a model the catalog lacks)
   * @throws UnknownModelException for a model the catalog lacks and no parameter count
   */
  public static ModelSpec resolve(String model, Long parameters) {
    if (model == null || model.isBlank()) {
      throw new IllegalArgumentException("--model is required: a Hugging Face id such as meta-llama/Llama-3.1-8B-Instruct"
          + " (see 'dumont advisor models')");
    }
    return ModelCatalog.find(model).orElseGet(() -> {
      if (parameters == null) throw new UnknownModelException(model.strip());
      return ModelCatalog.assumed(model.strip(), parameters);
    });
  }

  /**
   * The memory estimate of a model (see {@link #resolve}) for a workload; searches nothing. Without a dtype in the
   * workload, a quantised build's name decides it ({@code -AWQ} int4, {@code -FP8} fp8), else the model's default.
   */
  public static VramEstimate estimate(String model, Long parameters, Workload workload) {
    Objects.requireNonNull(workload, "workload");
    ModelSpec spec = resolve(model, parameters);
    Workload w = workload.dtype() != null ? workload
        : ModelCatalog.dtypeHint(model).map(d -> workload.toBuilder().dtype(d).build()).orElse(workload);
    return VramEstimate.of(spec, w);
  }

  /** {@link #recommend(String, Long, Workload)} for a model of the catalog. */
  public Recommendation recommend(String model, Workload workload) {
    return recommend(model, null, workload);
  }

  /**
   * Three tiers of live offers for a model and workload.
   *
   * @param parameters total parameter count for a model the catalog lacks (ignored for a known one), or null
   * @throws UnknownModelException for a model the catalog lacks and no parameter count
   * @throws NoOfferFitsException when no offer holds the model on up to 8 GPUs of one host
   * @throws BudgetTooLowException when offers hold it but none at or below the budget cap
   * @throws IllegalArgumentException for a context above the model's maximum
   */
  public Recommendation recommend(String model, Long parameters, Workload workload) {
    Objects.requireNonNull(workload, "workload");
    VramEstimate est = estimate(model, parameters, workload);
    ModelSpec spec = est.model();
    List<String> notes = new ArrayList<>();
    if (spec.assumption() != null) notes.add(spec.assumption());
    if (parameters != null && spec.known() && !spec.id().equalsIgnoreCase(model.strip())) {
      notes.add(model.strip() + " is " + spec.id() + " in the catalog");
    }
    if (parameters != null && spec.known() && Math.abs(Math.log((double) parameters / spec.parameters())) > 0.1) {
      notes.add("--params " + parameters + " ignored: the catalog gives " + spec.id() + " " + spec.parameters()
          + " parameters");
    }
    if (spec.notes() != null) notes.add(spec.id() + ": " + spec.notes());

    int maxTp = 1;
    for (int tp : VramEstimate.TENSOR_PARALLEL_SIZES) if (est.tensorParallelAllowed(tp)) maxTp = tp;
    double minGpuGib = est.perGpuBytes(maxTp) / est.gpuMemoryUtilization() / VramEstimate.GIB;
    OfferQuery.Builder q = OfferQuery.builder().minGpuRamGib(Math.floor(minGpuGib * 100) / 100);
    if (workload.pricingModel() != null) q.pricingModel(workload.pricingModel());
    List<String> providers = workload.providers() != null ? workload.providers() : dumont.providerIds();
    OfferPage page = dumont.offers().search(q.build(), providers);

    List<Candidate> fitting = new ArrayList<>();
    for (Offer o : page.offers()) {
      if (o.gpu().isCpuOnly() || o.gpuCount() < 1) continue;
      if (workload.pricingModel() != null && o.pricingModel() != workload.pricingModel()) continue;
      double vram = o.gpuRamGib() > 0 ? o.gpuRamGib() : o.gpu().vramGib();
      int need = est.gpusNeeded(vram);
      if (need == 0 || o.gpuCount() != need) continue;
      fitting.add(new Candidate(o, vram, est.spareGibPerGpu(vram, need), fitting.size()));
    }
    if (fitting.isEmpty()) throw nothingFits(model.strip(), est, maxTp, providers, page.errors());
    Comparator<Candidate> cheapest = Comparator.comparing((Candidate c) -> c.offer.pricePerHour())
        .thenComparing(Comparator.comparingDouble((Candidate c) -> c.spare).reversed())
        .thenComparingInt(c -> c.order);
    Double budget = workload.maxPricePerHour();
    List<Candidate> affordable = budget == null ? fitting
        : fitting.stream().filter(c -> c.offer.pricePerHour().doubleValue() <= budget + 1e-9).toList();
    if (affordable.isEmpty()) {
      Candidate c = fitting.stream().min(cheapest).orElseThrow();
      throw new BudgetTooLowException(String.format(Locale.ROOT, "--budget %s USD/h is below the cheapest offer that holds"
          + " %s (%.1f GiB in %s): %s at %s USD/h (%s offer %s); raise --budget to %s or lower the need with --dtype "
          + "fp8/int4, a shorter --context or a lower --concurrency", plain(budget), model.strip(), est.totalGib(),
          est.dtype().wireName(), describe(c), plain(c.price()), c.offer.providerId(), c.offer.id(), plain(c.price())),
          budget, c.price());
    }

    List<TierChoice> tiers = new ArrayList<>();
    Candidate min = affordable.stream().min(cheapest).orElseThrow();
    tiers.add(choice(Tier.MINIMUM, min, est, workload, "the cheapest offer" + within(budget) + " that holds it: "
        + fit(min, est) + spot(min)));

    PricingModel stable = workload.pricingModel() == PricingModel.SPOT ? PricingModel.SPOT : PricingModel.ON_DEMAND;
    Predicate<Candidate> roomy = c -> c.spare >= RECOMMENDED_SPARE * est.gpuMemoryUtilization() * c.vram;
    Predicate<Candidate> reliable = c -> c.offer.pricingModel() == stable
        && (c.offer.reliability() == null || c.offer.reliability() >= RECOMMENDED_MIN_RELIABILITY);
    Candidate rec = affordable.stream().filter(roomy.and(reliable)).min(cheapest).orElse(null);
    String recWhy = (stable == PricingModel.ON_DEMAND ? "the cheapest on-demand offer" : "the cheapest spot offer")
        + " with reliability " + RECOMMENDED_MIN_RELIABILITY + "+" + within(budget) + " that keeps 20 % of its memory free";
    if (rec == null) {
      rec = affordable.stream().filter(roomy).min(cheapest).orElse(null);
      recWhy = "no " + (stable == PricingModel.ON_DEMAND ? "on-demand" : "spot") + " offer with reliability "
          + RECOMMENDED_MIN_RELIABILITY + "+ keeps 20 % of its memory free" + within(budget)
          + "; the cheapest offer that does";
    }
    if (rec != null) {
      tiers.add(choice(Tier.RECOMMENDED, rec, est, workload, recWhy + ": " + fit(rec, est) + room(rec, est)
          + spot(rec)));
    } else {
      notes.add("no recommended tier: no offer" + within(budget) + " keeps 20 % of its memory free after the estimate;"
          + " a larger GPU, a lower --concurrency or a shorter --context makes room");
    }

    Candidate max = affordable.stream().max(Comparator.comparingDouble(Candidate::performance)
        .thenComparing(cheapest.reversed())).orElseThrow();
    tiers.add(choice(Tier.MAXIMUM, max, est, workload, String.format(Locale.ROOT,
        "the most GPU performance%s: %.2f (relative to one RTX 4090 = 1.00, GPU catalog); %s%s",
        within(budget), max.performance(), fit(max, est), spot(max))));
    return new Recommendation(model.strip(), est, tiers, notes, page.errors());
  }

  private static TierChoice choice(Tier tier, Candidate c, VramEstimate est, Workload w, String reason) {
    Workload.Throughput measured = w.throughputs().get(c.offer.gpu().name());
    if (measured != null) return new TierChoice(tier, c.offer, c.vram, c.spare, measured, ThroughputKind.MEASURED, reason);
    Workload.Throughput estimated = MemoryBandwidth.estimate(est, c.offer);
    return new TierChoice(tier, c.offer, c.vram, c.spare, estimated, ThroughputKind.ESTIMATE, reason);
  }

  private static String within(Double budget) {
    return budget == null ? "" : " within " + plain(budget) + " USD/h";
  }

  private static String spot(Candidate c) {
    return c.offer.interruptible() ? " (spot: the provider may interrupt it)" : "";
  }

  private static String describe(Candidate c) {
    return c.offer.gpuCount() + "× " + c.offer.gpu().name();
  }

  private static String fit(Candidate c, VramEstimate est) {
    int n = c.offer.gpuCount();
    return String.format(Locale.ROOT, "%s, %.1f of the %.1f GiB %s may use per %s GiB GPU%s", describe(c),
        est.perGpuBytes(n) / VramEstimate.GIB, est.gpuMemoryUtilization() * c.vram,
        est.model().kind() == ModelSpec.Kind.LLM ? "vLLM" : "the server", gib(c.vram),
        n > 1 ? " (tensor parallel " + n + ")" : "");
  }

  private static String room(Candidate c, VramEstimate est) {
    double perSeq = est.kvCacheBytesPerSequence();
    if (perSeq <= 0) return "";
    int n = c.offer.gpuCount();
    double perSeqPerGpu = est.perGpuBytes(n) - est.runtimeBytes() - est.weightsBytes() / n;
    perSeqPerGpu = perSeqPerGpu / est.concurrency();
    long more = (long) Math.floor(c.spare * VramEstimate.GIB / perSeqPerGpu);
    return "; room for about " + more + " more sequence" + (more == 1 ? "" : "s") + " of " + est.context() + " tokens";
  }

  private static String gib(double v) {
    return v == Math.rint(v) ? String.valueOf((long) v) : String.format(Locale.ROOT, "%.1f", v);
  }

  private static String plain(double v) {
    return java.math.BigDecimal.valueOf(v).stripTrailingZeros().toPlainString();
  }

  private static NoOfferFitsException nothingFits(String model, VramEstimate est, int maxTp, List<String> providers,
      List<ProviderError> errors) {
    String failed = errors.isEmpty() ? "" : "; " + String.join("; ", errors.stream()
        .map(e -> e.providerId() + " failed: " + e.message()).toList());
    String need = maxTp > 1
        ? String.format(Locale.ROOT, "%.1f GiB on one GPU, %.1f GiB per GPU on %d", est.totalGib(),
            est.perGpuBytes(maxTp) / est.gpuMemoryUtilization() / VramEstimate.GIB, maxTp)
        : String.format(Locale.ROOT, "%.1f GiB on one GPU", est.totalGib());
    return new NoOfferFitsException(String.format(Locale.ROOT, "no offer on %s holds %s in %s at %d tokens × %d "
        + "sequences (%s)%s; try --dtype fp8 or int4, a shorter --context, a lower --concurrency or another --provider",
        String.join(", ", providers), model, est.dtype().wireName(), est.context(), est.concurrency(), need, failed), est);
  }

  private record Candidate(Offer offer, double vram, double spare, int order) {
    double price() {
      return offer.pricePerHour().doubleValue();
    }

    double performance() {
      return offer.gpu().relativePerformance() * offer.gpuCount();
    }
  }
}
