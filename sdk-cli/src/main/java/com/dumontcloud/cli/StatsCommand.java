package com.dumontcloud.cli;

import com.dumontcloud.sdk.Dumont;
import com.dumontcloud.sdk.model.FleetStatistics;
import com.dumontcloud.sdk.model.ModelJson;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code dumont stats}: fleet statistics. */
@Command(name = "stats", description = "Fleet statistics: instances, cost, GPU and status distribution.")
final class StatsCommand extends InstancesCommand.ProviderOptions implements Runnable {
  @Mixin Output out;

  @Override
  public void run() {
    out.check();
    try (Dumont d = CliContext.openClient(providers)) {
      FleetStatistics s = d.instances().statistics();
      if (out.printData(out.annotate(ModelJson.statistics(s, out.view())))) return;
      new Table.Fields().add("instances", s.totalInstances() + " (" + s.activeInstances() + " active, "
              + s.destroyedInstances() + " destroyed)")
          .add("total cost", out.money(s.totalCost()))
          .add("average rate", out.perHour(s.averageCostPerHour()) + " per active instance")
          .add("GPUs", Fmt.counts(s.gpuDistribution()))
          .add("states", Fmt.counts(s.statusDistribution()))
          .print(System.out);
    }
  }
}
