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

  @Command(name = "search", description = "Search offers with the vastai query language, e.g. "
      + "'gpu_name=RTX_4090 num_gpus>=1 dph<0.5 geolocation in [US,CA]'.")
  static final class Search implements Runnable {
    @Parameters(arity = "0..*", paramLabel = "QUERY", description = "Query terms (joined with spaces).")
    List<String> query = new ArrayList<>();

    @Option(names = {"-p", "--provider"}, description = "Provider id (repeatable; default: sim).")
    List<String> providers = new ArrayList<>();

    @Option(names = "--sort", description = "price (default), value (price per performance) or reliability.")
    String sort;

    @Option(names = "--limit", description = "Maximum offers to show (default 20).")
    Integer limit;

    @Option(names = "--type", description = "on-demand, bid (spot/interruptible) or any (default any; Vast: on-demand).")
    String type;

    @Option(names = "--json", description = "Print the seed-shaped OfferPage JSON.")
    boolean json;

    @Override
    public void run() {
      OfferQuery q = OfferQueries.parse(String.join(" ", query));
      OfferQuery.Builder b = q.toBuilder();
      if (sort != null) b.sort(OfferQueries.parseSort(sort));
      if (limit != null) b.limit(limit);
      else if (q.limit() == null) b.limit(20);
      if (type != null) b.pricingModel(pricing(type));
      try (Dumont d = CliContext.openClient(providers)) {
        OfferPage page = d.offers().search(b.build());
        if (json) {
          CliContext.printJson(ModelJson.offerPage(page));
          return;
        }
        Table t = new Table("ID", "PROVIDER", "GPU", "N", "VRAM", "$/H", "TYPE", "REGION", "LOCATION", "RELIAB", "HOST");
        for (Offer o : page.offers()) {
          t.row(o.id(), o.providerId(), o.gpu().name(), o.gpuCount(), String.format("%.0f", o.gpuRamGib()),
              String.format("%.4f", o.pricePerHour().doubleValue()), ModelJson.machineType(o.pricingModel()),
              o.location().region(), o.location().country(),
              o.reliability() == null ? "-" : String.format("%.3f", o.reliability()), o.hostId());
        }
        t.print(System.out);
        System.out.printf("%d shown, %d matched, %d total; sorted by %s %s%n", page.offers().size(),
            page.filteredCount(), page.total(), page.sortBy(), page.order());
        page.errors().forEach(e -> System.err.println("warning: provider " + e.providerId() + " failed: " + e.message()));
      }
    }
  }
}
