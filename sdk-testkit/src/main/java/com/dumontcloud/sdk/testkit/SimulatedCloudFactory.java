package com.dumontcloud.sdk.testkit;

import com.dumontcloud.sdk.spi.CloudProvider;
import com.dumontcloud.sdk.testkit.modelserver.ModelServerWorkloads;
import com.dumontcloud.sdk.spi.CloudProviderFactory;
import com.dumontcloud.sdk.spi.ProviderConfig;
import com.dumontcloud.sdk.spi.ProviderContext;
import com.dumontcloud.sdk.spi.ProviderMetadata;

/** ServiceLoader entry for the simulated cloud ({@code sim}); configured by seed, persist, rates. */
public final class SimulatedCloudFactory implements CloudProviderFactory {
  /** {@code dumont.sim.boot=fast}: about a second from launch to a healthy workload. */
  static final BootProfile FAST_BOOT = new BootProfile(java.time.Duration.ofMillis(200), java.time.Duration.ofMillis(400),
      java.time.Duration.ofMillis(200), java.time.Duration.ofMillis(400), java.time.Duration.ofMillis(100),
      java.time.Duration.ofMillis(300));

  @Override
  public ProviderMetadata metadata() {
    return SimulatedCloud.METADATA;
  }

  @Override
  public CloudProvider create(ProviderContext context) {
    ProviderConfig c = context.config();
    SimulatedCloud.Builder b = SimulatedCloud.builder()
        .scheduler(context.scheduler())
        .seed(Long.parseLong(c.getOrDefault("seed", "42")))
        .hostsPerRegion(Integer.parseInt(c.getOrDefault("hosts-per-region", "6")))
        .interruptionsPerHour(Double.parseDouble(c.getOrDefault("interruptions-per-hour", "0")));
    if (Boolean.parseBoolean(c.getOrDefault("persist", "false"))) {
      b.stateFile(context.stateDirectory().resolve("state.json"));
    }
    String boot = c.getOrDefault("boot", "realistic").trim().toLowerCase(java.util.Locale.ROOT);
    switch (boot) {
      case "realistic" -> { }
      case "fast" -> b.bootProfile(FAST_BOOT);
      default -> throw new com.dumontcloud.sdk.exception.ConfigurationException(
          "dumont.sim.boot must be realistic or fast, got '" + boot + "'");
    }
    SimulatedCloud sim = b.build();
    // the sim runs the workload, as a real instance would: a model server a client and the router can call
    if (Boolean.parseBoolean(c.getOrDefault("model-servers", "true"))) ModelServerWorkloads.attach(sim);
    return sim;
  }
}
