package com.dumontcloud.sdk.engine;

import com.dumontcloud.sdk.model.Offer;
import com.dumontcloud.sdk.model.PricingModel;
import java.math.BigDecimal;

/**
 * A cheap CPU instance (like GCP e2-medium spot) that holds the synced data and serves a degraded
 * fallback while no GPU replica is healthy; the deployment is "available-degraded" until a GPU is back.
 *
 * <p>Map form: {@code standby: {pricing: spot, max_price: 0.05, cpu_only: true, min_vcpus: 2, min_ram_gib: 4}},
 * or {@code standby: true} for {@link #cpuSpot()}.
 *
 * @param pricingModel SPOT (default) or ON_DEMAND for the standby machine
 * @param maxPricePerHour price cap in USD per hour for the standby machine, > 0
 * @param cpuOnly only machines without a GPU (default true); false also accepts a GPU machine under the cap
 * @param minVcpus fewest virtual CPUs the machine may have (default 2, e2-medium), >= 0
 * @param minRamGib least memory in GiB the machine may have (default 4, e2-medium), >= 0
 */
public record StandbyPolicy(
    PricingModel pricingModel, double maxPricePerHour, boolean cpuOnly, int minVcpus, double minRamGib) {

  /** Default of {@link #minVcpus()}. */
  public static final int DEFAULT_MIN_VCPUS = 2;

  /** Default of {@link #minRamGib()}. */
  public static final double DEFAULT_MIN_RAM_GIB = 4;

  public StandbyPolicy {
    pricingModel = pricingModel == null ? PricingModel.SPOT : pricingModel;
    if (!(maxPricePerHour > 0) || Double.isInfinite(maxPricePerHour)) {
      throw new IllegalArgumentException("standby maxPricePerHour (standby.max_price) must be a positive $/h, got "
          + show(maxPricePerHour));
    }
    if (minVcpus < 0 || minVcpus > 4096) {
      throw new IllegalArgumentException("standby minVcpus (standby.min_vcpus) must be in 0..4096, got " + minVcpus);
    }
    if (!(minRamGib >= 0) || minRamGib > 1_000_000) {
      throw new IllegalArgumentException("standby minRamGib (standby.min_ram_gib) must be in 0..1000000 GiB, got "
          + show(minRamGib));
    }
  }

  /** A CPU-only standby of at least 2 vCPUs and 4 GiB, as before these minimums existed. */
  public StandbyPolicy(PricingModel pricingModel, double maxPricePerHour) {
    this(pricingModel, maxPricePerHour, true, DEFAULT_MIN_VCPUS, DEFAULT_MIN_RAM_GIB);
  }

  /** Spot CPU machine up to $0.05/h, at least 2 vCPUs and 4 GiB. */
  public static StandbyPolicy cpuSpot() {
    return new StandbyPolicy(PricingModel.SPOT, 0.05);
  }

  /** A copy with other minimums. */
  public StandbyPolicy withMinimums(int vcpus, double ramGib) {
    return new StandbyPolicy(pricingModel, maxPricePerHour, cpuOnly, vcpus, ramGib);
  }

  /** A copy that does (true) or does not (false) require a machine without GPU. */
  public StandbyPolicy withCpuOnly(boolean only) {
    return new StandbyPolicy(pricingModel, maxPricePerHour, only, minVcpus, minRamGib);
  }

  /**
   * Whether an offer may host this standby: its pricing model, price cap, GPU-less when {@link #cpuOnly()}, and
   * the minimums. An offer that does not state its vCPUs (or memory) passes that minimum only when it is 0.
   */
  public boolean accepts(Offer offer) {
    if (offer.pricingModel() != pricingModel) return false;
    if (offer.pricePerHour().doubleValue() > maxPricePerHour) return false;
    if (cpuOnly && !offer.gpu().isCpuOnly()) return false;
    if (minVcpus > 0 && (offer.vcpus() == null || offer.vcpus() < minVcpus)) return false;
    return minRamGib <= 0 || (offer.ramGib() != null && offer.ramGib() >= minRamGib);
  }

  private static String show(double d) {
    return Double.isNaN(d) || Double.isInfinite(d) ? String.valueOf(d)
        : BigDecimal.valueOf(d).stripTrailingZeros().toPlainString();
  }
}
