package com.dumontcloud.cli;

import com.dumontcloud.sdk.Dumont;
import com.dumontcloud.sdk.model.ModelJson;
import com.dumontcloud.sdk.model.Offer;
import com.dumontcloud.sdk.model.OfferPage;
import com.dumontcloud.sdk.model.OfferQuery;
import com.dumontcloud.sdk.model.PricingModel;
import com.dumontcloud.sdk.query.OfferQueries;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code dumont offers search}. */
@Command(name = "offers", description = "Search GPU offers.", subcommands = OffersCommand.Search.class)
final class OffersCommand {
  /** --type values: on-demand, bid/spot/interruptible, any (null). */
  static PricingModel pricing(String type) {
    return switch (type.toLowerCase(java.util.Locale.ROOT)) {
      case "bid", "spot", "interruptible" -> PricingModel.SPOT;
      case "on-demand", "ondemand", "on_demand" -> PricingModel.ON_DEMAND;
      case "any" -> null;
      default -> throw new IllegalArgumentException("--type must be on-demand, bid or any, got '" + type + "'");
    };
  }

  @Command(name = "search", description = {"Search GPU offers across providers with the vastai query language.",
      "The cheapest (or the best by --sort) are shown first."},
      footer = {"", "Query: space-separated terms FIELD OP VALUE; OP: = != < <= > >= in notin.",
          "  Fields: gpu_name, num_gpus, gpu_ram (GiB), dph (total $/h), reliability",
          "  (0..1), cpu_cores, cpu_ram, disk_space, inet_up, inet_down, cuda_max_good,",
          "  geolocation (country), region, verified, type.",
          "  GPU names use _ for spaces (RTX_4090); lists are [A,B].",
          "", "Examples:",
          "  dumont offers search 'gpu_name=RTX_4090 dph<0.5 geolocation in [US,CA]'",
          "  dumont offers search 'gpu_ram>=40' --sort value --limit 5",
          "  dumont offers search --provider vast 'gpu_name=A100_SXM4' --type bid -o wide",
          "  dumont offers search 'dph<0.3' --json | jq '.offers[0]'"})
  static final class Search implements Runnable {
    @Parameters(arity = "0..*", paramLabel = "QUERY", description = "Query terms (joined with spaces; none: all offers).")
    List<String> query;

    @Option(names = {"-p", "--provider"}, paramLabel = "ID", completionCandidates = DumontCli.ProviderIds.class,
        description = "Provider: ${COMPLETION-CANDIDATES} (repeatable or comma-separated; default: the current "
            + "context's providers, else sim).")
    List<String> providers;

    @Option(names = "--sort", paramLabel = "ORDER", description = "price (default), value (price per performance) or "
        + "reliability.")
    String sort;

    @Option(names = "--limit", paramLabel = "N", description = "Maximum offers to show (default 20, or the query's "
        + "limit=N).")
    Integer limit;

    @Option(names = "--type", paramLabel = "TYPE", defaultValue = "any",
        description = "on-demand, bid (spot/interruptible) or any.")
    String type;

    @Mixin Output out;

    @Override
    public void run() {
      out.check();
      if (limit != null && (limit < 1 || limit > 10_000)) {
        throw new IllegalArgumentException("--limit must be in 1..10000, got " + limit);
      }
      PricingModel pm = type == null ? null : pricing(type);
      OfferQuery q;
      try {
        q = OfferQueries.parse(query == null ? "" : String.join(" ", query));
      } catch (RuntimeException bad) {
        String m = String.valueOf(bad.getMessage());
        int nl = m.indexOf('\n');
        throw new IllegalArgumentException("QUERY: " + (nl < 0 ? m : m.substring(0, nl))
            + "; the query language is in 'dumont offers search --help'" + (nl < 0 ? "" : m.substring(nl)), bad);
      }
      OfferQuery.Builder b = q.toBuilder();
      if (sort != null) b.sort(OfferQueries.parseSort(sort));
      if (limit != null) b.limit(limit);
      else if (q.limit() == null) b.limit(20);
      if (pm != null) b.pricingModel(pm);
      try (Dumont d = CliContext.openClient(providers)) {
        OfferPage page = d.offers().search(b.build());
        page.errors().forEach(e -> System.err.println("warning: provider " + e.providerId() + " failed: " + e.message()));
        if (out.printData(ModelJson.offerPage(page, out.view()))) return;
        Table t = new Table("ID", "PROVIDER", "GPU", "VRAM", "PRICE/H", "TYPE", "REGION", "LOCATION", "RELIAB", "CPU",
            "RAM", "DISK", "HOST").shrink("ID", "HOST").wideOnly("CPU", "RAM", "DISK", "HOST");
        for (Offer o : page.offers()) {
          t.row(o.id(), o.providerId(), o.gpu().isCpuOnly() ? "CPU only" : o.gpu().name() + " ×" + o.gpuCount(),
              Fmt.number(ModelJson.round(o.gpuRamGib(), 1)) + " GiB", out.money(o.pricePerHour()),
              ModelJson.machineType(o.pricingModel()), o.location().region(), o.location().country(),
              o.reliability() == null ? "-" : String.format(java.util.Locale.ROOT, "%.3f", o.reliability()),
              o.vcpus(), o.ramGib() == null ? null : Fmt.number(ModelJson.round(o.ramGib(), 1)) + " GiB",
              o.diskGib() == null ? null : Fmt.number(ModelJson.round(o.diskGib(), 1)) + " GiB", o.hostId());
        }
        if (page.offers().isEmpty()) System.out.println("no offers match");
        else t.print(System.out, out.wide());
        System.out.printf("%d shown, %d matched, %d total; sorted by %s %s%n", page.offers().size(),
            page.filteredCount(), page.total(), page.sortBy(), page.order());
      }
    }
  }
}
