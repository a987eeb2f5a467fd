package com.dumontcloud.sdk.model;

import java.util.Map;

/**
 * Fleet statistics, seed 001 shape.
 *
 * @param totalInstances all instances known (including destroyed ones still remembered)
 * @param activeInstances instances not stopped or terminated
 * @param destroyedInstances terminated instances
 * @param totalCost accrued cost of all instances
 * @param averageCostPerHour mean hourly rate over active instances (0 if none)
 * @param gpuDistribution GPU name → count
 * @param statusDistribution state wire name → count
 */
public record FleetStatistics(
    int totalInstances,
    int activeInstances,
    int destroyedInstances,
    Money totalCost,
    Money averageCostPerHour,
    Map<String, Integer> gpuDistribution,
    Map<String, Integer> statusDistribution) {
  public FleetStatistics {
    gpuDistribution = java.util.Collections.unmodifiableMap(new java.util.TreeMap<>(gpuDistribution));
    statusDistribution = java.util.Collections.unmodifiableMap(new java.util.TreeMap<>(statusDistribution));
  }
}
