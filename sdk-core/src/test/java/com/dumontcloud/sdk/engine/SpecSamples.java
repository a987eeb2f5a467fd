package com.dumontcloud.sdk.engine;

import com.dumontcloud.sdk.catalog.TemplateCatalog;
import com.dumontcloud.sdk.model.Money;
import com.dumontcloud.sdk.model.OfferQuery;
import com.dumontcloud.sdk.model.PricingModel;
import com.dumontcloud.sdk.model.Template;
import com.dumontcloud.sdk.model.TemplateCategory;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/** Deployment specs for round-trip tests: one with every option set, and seeded random ones. */
final class SpecSamples {
  private SpecSamples() {}

  /** A spec of {@code template} with every option set to a non-default value. */
  static DeploymentSpec everyOption(Template template, BidStrategy bid) {
    return DeploymentSpec.builder("full-spec", template)
        .kind(DeploymentSpec.Kind.SERVICE)
        .replicas(3)
        .query(OfferQuery.builder().gpuName("RTX 4090").minGpuRamGib(24).maxPricePerHour(1.25).minGpus(2)
            .filter("geolocation", OfferQuery.Op.IN, List.of("US", "CA"))
            .filter("verified", OfferQuery.Op.EQ, true)
            .filter("cuda_vers", OfferQuery.Op.NE, null)
            .sort(OfferQuery.Sort.RELIABILITY).descending(true).limit(50).pricingModel(PricingModel.SPOT).build())
        .providers(List.of("vast", "sim"))
        .regions(List.of("US", "EU"))
        .spotPolicy(SpotPolicy.SPOT).spotExtra(2)
        .failover(new FailoverPolicy(List.of(FailoverStrategy.COLD, FailoverStrategy.WARM_POOL), 4,
            Duration.ofMinutes(7).plusMillis(250), 9, Duration.ofMinutes(45), Duration.ofSeconds(30),
            Duration.ofSeconds(75), Duration.ofMinutes(22)))
        .warmPool(new WarmPoolPolicy(2, WarmPoolPolicy.Mode.RUNNING, false))
        .standby(new StandbyPolicy(PricingModel.ON_DEMAND, 0.07, false, 4, 7.5))
        .checkpointInterval(Duration.ofSeconds(90).plusMillis(500))
        .hibernation(new HibernationPolicy(0.12, Duration.ofMinutes(11), HibernationPolicy.Action.CHECKPOINT_AND_TERMINATE))
        .budget(new Budget(Money.usd("3.456789"), Money.usd(120), Duration.ofHours(12), 0.65))
        .priority(-7)
        .checkpointOnDelete(true)
        .label("team", "ml")
        .label("cost-center", "42")
        .diskGib(123.5)
        .bidStrategy(bid)
        .build();
  }

  static List<BidStrategy> everyBidStrategy() {
    return List.of(BidStrategy.minimum(), BidStrategy.margin(0.15), BidStrategy.cap(Money.usd("0.4321")));
  }

  /** A random but valid spec; the same seed gives the same spec. */
  static DeploymentSpec random(long seed) {
    Random r = new Random(seed);
    Template t = r.nextInt(3) == 0 ? pick(r, TemplateCatalog.all()) : randomTemplate(r);
    DeploymentSpec.Builder b = DeploymentSpec.builder("spec-" + Long.toHexString(seed & 0xffffff), t);
    if (r.nextBoolean()) b.kind(pick(r, List.of(DeploymentSpec.Kind.values())));
    b.replicas(r.nextInt(101));
    b.query(randomQuery(r));
    b.providers(randomWords(r, 3));
    b.regions(randomWords(r, 3));
    b.spotPolicy(pick(r, List.of(SpotPolicy.values())));
    List<FailoverStrategy> strategies = new ArrayList<>(List.of(FailoverStrategy.values()));
    Collections.shuffle(strategies, r);
    b.failover(new FailoverPolicy(strategies.subList(0, 1 + r.nextInt(strategies.size())), 1 + r.nextInt(9),
        randomDuration(r), 1 + r.nextInt(50), randomDuration(r), randomDuration(r), randomDuration(r),
        randomDuration(r)));
    if (r.nextBoolean()) {
      b.warmPool(new WarmPoolPolicy(1 + r.nextInt(5), pick(r, List.of(WarmPoolPolicy.Mode.values())), r.nextBoolean()));
    }
    if (r.nextBoolean()) {
      b.standby(new StandbyPolicy(pick(r, List.of(PricingModel.values())), 0.001 + r.nextInt(1000) / 1000.0,
          r.nextBoolean(), r.nextInt(65), r.nextInt(256) / 4.0));
    }
    if (r.nextBoolean()) b.checkpointInterval(randomDuration(r).plusMillis(1));
    if (r.nextBoolean()) {
      b.hibernation(new HibernationPolicy(r.nextDouble(), randomDuration(r),
          pick(r, List.of(HibernationPolicy.Action.values()))));
    }
    if (r.nextBoolean()) {
      Money perHour = r.nextBoolean() ? randomMoney(r) : null;
      Money spend = perHour == null || r.nextBoolean() ? randomMoney(r) : null;
      b.budget(new Budget(perHour, spend, randomDuration(r).plusSeconds(1), 0.01 + r.nextInt(100) / 100.0));
    }
    b.priority(r.nextInt(201) - 100);
    Map<String, String> labels = new LinkedHashMap<>();
    for (int i = r.nextInt(4); i > 0; i--) labels.put("k" + word(r), word(r));
    b.labels(labels);
    if (r.nextBoolean()) b.diskGib(r.nextBoolean() ? 1 + r.nextInt(10_000) : 0.5 + r.nextDouble() * 9_000);
    switch (r.nextInt(3)) {
      case 0 -> b.bidStrategy(BidStrategy.minimum());
      case 1 -> b.bidStrategy(BidStrategy.margin(r.nextBoolean() ? r.nextInt(11) : r.nextDouble() * 10));
      default -> b.bidStrategy(BidStrategy.cap(randomMoney(r)));
    }
    return b.build();
  }

  static Template randomTemplate(Random r) {
    Map<String, Object> config = randomObject(r, 0);
    Map<String, String> env = new LinkedHashMap<>();
    for (int i = r.nextInt(5); i > 0; i--) env.put("ENV_" + word(r).toUpperCase(), text(r));
    List<String> args = new ArrayList<>();
    for (int i = r.nextInt(12); i > 0; i--) args.add(r.nextBoolean() ? "--" + word(r) : text(r));
    return Template.builder("t-" + word(r), "registry.example/" + word(r) + ":" + r.nextInt(10))
        .displayName(r.nextBoolean() ? "Display " + text(r) : null).description(r.nextBoolean() ? text(r) : null)
        .category(pick(r, List.of(TemplateCategory.values()))).port(1 + r.nextInt(65535))
        .healthPath(r.nextBoolean() ? "/" + word(r) : null).modelId(r.nextBoolean() ? "org/" + word(r) : null)
        .minGpuRamGib(r.nextInt(161) / 2.0).vramRequiredGib(r.nextBoolean() ? r.nextDouble() * 100 : 0)
        .maxPricePerHour(r.nextBoolean() ? randomMoney(r) : null)
        .recommendedGpu(r.nextBoolean() ? "RTX " + (3000 + r.nextInt(2000)) : null).config(config).env(env).args(args)
        .build();
  }

  private static OfferQuery randomQuery(Random r) {
    OfferQuery.Builder q = OfferQuery.builder();
    List<OfferQuery.Op> ops = List.of(OfferQuery.Op.values());
    for (int i = r.nextInt(5); i > 0; i--) {
      OfferQuery.Op op = pick(r, ops);
      Object value;
      if (op == OfferQuery.Op.IN || op == OfferQuery.Op.NOT_IN) {
        value = r.nextBoolean() ? randomWords(r, 4) : List.of(r.nextInt(100), r.nextDouble() * 10);
      } else {
        value = switch (r.nextInt(5)) {
          case 0 -> word(r);
          case 1 -> r.nextDouble() * 1000;
          case 2 -> r.nextInt(48); // an Integer, as a YAML file gives it: becomes a Double
          case 3 -> r.nextBoolean();
          default -> op == OfferQuery.Op.EQ || op == OfferQuery.Op.NE ? null : 1.5;
        };
      }
      q.filter(pick(r, List.of("gpu_name", "num_gpus", "gpu_ram", "dph", "reliability", "geolocation", "x_" + word(r))),
          op, value);
    }
    if (r.nextBoolean()) q.sort(pick(r, List.of(OfferQuery.Sort.values())));
    if (r.nextBoolean()) q.descending(r.nextBoolean());
    if (r.nextBoolean()) q.limit(1 + r.nextInt(1000));
    if (r.nextBoolean()) q.pricingModel(pick(r, List.of(PricingModel.values())));
    return q.build();
  }

  /** A config-like object: nested maps and lists, integers (some beyond int), fractions, texts, booleans, nulls. */
  private static Map<String, Object> randomObject(Random r, int depth) {
    Map<String, Object> m = new LinkedHashMap<>();
    for (int i = r.nextInt(depth == 0 ? 8 : 4); i > 0; i--) m.put(word(r) + i, randomValue(r, depth));
    return m;
  }

  private static Object randomValue(Random r, int depth) {
    int kind = r.nextInt(depth < 2 ? 10 : 8);
    return switch (kind) {
      case 0 -> r.nextInt();
      case 1 -> (r.nextLong() >> 12); // within 2^52: exact as a JSON double
      case 2 -> r.nextDouble() * 1e4;
      case 3 -> (double) r.nextInt(10_000); // a whole double, as a JSON parser gives 8192
      case 4 -> r.nextBoolean();
      case 5 -> text(r);
      case 6 -> null;
      case 7 -> new BigDecimal(r.nextInt(100_000)).movePointLeft(3);
      case 8 -> randomObject(r, depth + 1);
      default -> {
        List<Object> l = new ArrayList<>();
        for (int i = r.nextInt(4); i > 0; i--) l.add(randomValue(r, depth + 1));
        yield l;
      }
    };
  }

  private static Duration randomDuration(Random r) {
    return switch (r.nextInt(4)) {
      case 0 -> Duration.ZERO;
      case 1 -> Duration.ofSeconds(r.nextInt(100_000));
      case 2 -> Duration.ofMillis(r.nextInt(100_000_000));
      default -> Duration.ofSeconds(r.nextInt(100_000), r.nextInt(1_000_000_000));
    };
  }

  static Money randomMoney(Random r) {
    return Money.of(BigDecimal.valueOf(1 + r.nextInt(50_000_000), 6), r.nextInt(5) == 0 ? "EUR" : "USD");
  }

  private static List<String> randomWords(Random r, int max) {
    List<String> l = new ArrayList<>();
    for (int i = r.nextInt(max + 1); i > 0; i--) l.add(word(r));
    return l;
  }

  private static String word(Random r) {
    StringBuilder sb = new StringBuilder();
    for (int i = 1 + r.nextInt(8); i > 0; i--) sb.append((char) ('a' + r.nextInt(26)));
    return sb.toString();
  }

  /** Text with blanks, quotes, unicode and characters YAML and JSON treat specially. */
  private static String text(Random r) {
    String[] parts = {"a b", "é", "ü", "\"q\"", "'", ":", "#", "- x", "8000", "true", "null", "0.5", "日本", "\\", "\t", "{}"};
    StringBuilder sb = new StringBuilder(word(r));
    for (int i = r.nextInt(3); i > 0; i--) sb.append(parts[r.nextInt(parts.length)]);
    return sb.toString();
  }

  private static <T> T pick(Random r, List<T> from) {
    return from.get(r.nextInt(from.size()));
  }
}
