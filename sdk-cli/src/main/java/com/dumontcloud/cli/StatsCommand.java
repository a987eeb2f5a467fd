package com.dumontcloud.cli;

import com.dumontcloud.sdk.Dumont;
import com.dumontcloud.sdk.model.ModelJson;
import com.dumontcloud.sdk.model.FleetStatistics;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code dumont stats}: fleet statistics (seed 001). */
@Command(name = "stats", description = "Fleet statistics: instances, cost, GPU and status distribution.")
final class StatsCommand implements Runnable {
  @Option(names = {"-p", "--provider"}, description = "Provider id (repeatable; default: sim).")
  List<String> providers = new ArrayList<>();

  @Option(names = "--json", description = "Print JSON.")
  boolean json;

  @Override
  public void run() {
    try (Dumont d = CliContext.openClient(providers)) {
      FleetStatistics s = d.instances().statistics();
      if (json) {
        CliContext.printJson(ModelJson.statistics(s));
        return;
      }
      ModelJson.statistics(s).forEach((k, v) -> System.out.printf("%-22s %s%n", k + ":", Table.plain(v)));
    }
  }
}
