package com.dumontcloud.sdk.testkit;

import com.dumontcloud.sdk.spi.CloudProvider;
import com.dumontcloud.sdk.spi.CloudProviderFactory;
import com.dumontcloud.sdk.spi.ProviderConfig;
import com.dumontcloud.sdk.spi.ProviderContext;
import com.dumontcloud.sdk.spi.ProviderMetadata;

/** ServiceLoader entry for the simulated cloud ({@code sim}); configured by seed, persist, rates. */
public final class SimulatedCloudFactory implements CloudProviderFactory {
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
    return b.build();
  }
}
