package com.dumontcloud.sdk.ssh;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.dumontcloud.sdk.model.Instance;
import com.dumontcloud.sdk.spi.Utilisation;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SshGpuSamplerTest {
  @TempDir Path dir;
  SimSsh sim;

  @BeforeEach
  void setUp() {
    sim = new SimSsh(dir);
  }

  @AfterEach
  void tearDown() {
    sim.close();
  }

  @Test
  void readsTheFakeNvidiaSmi_cachesForThePeriodOnTheSchedulerClock() {
    Instance i = sim.running();
    SshGpuSampler sampler = SshGpuSampler.of(sim.shell(), sim.time);
    assertThat(sim.cloud.usage(i)).isEmpty();
    assertThat(sampler.utilisation("d", i)).isEqualTo(-1); // never set: nvidia-smi fails, unknown

    sampler.invalidate();
    sim.cloud.gpuUtilisation(i.id(), 0.37);
    assertThat(sampler.utilisation("d", i)).isCloseTo(0.37, within(1e-9));
    assertThat(sim.cloud.usage(i)).map(Utilisation.Usage::gpu).contains(0.37);

    sim.cloud.gpuUtilisation(i.id(), 0.9);
    sim.time.advanceBy(Duration.ofSeconds(29));
    assertThat(sampler.utilisation("d", i)).isCloseTo(0.37, within(1e-9)); // cached
    sim.time.advanceBy(Duration.ofSeconds(2));
    assertThat(sampler.utilisation("d", i)).isCloseTo(0.9, within(1e-9));
  }

  @Test
  void unreachableInstance_isUnknown() {
    Instance i = sim.running();
    sim.cloud.gpuUtilisation(i.id(), 0.5);
    sim.cloud.interrupt(i.id());
    assertThat(SshGpuSampler.of(sim.shell(), sim.time).utilisation("d", i)).isEqualTo(-1);
    assertThat(sim.cloud.usage(i)).isEmpty();
  }

  @Test
  void parse_meanOverGpus_unparsableIsUnknown() {
    assertThat(SshGpuSampler.parse("20, 100, 24576\n60, 200, 24576\n")).isCloseTo(0.4, within(1e-9));
    assertThat(SshGpuSampler.parse("100, 1, 2")).isEqualTo(1.0);
    assertThat(SshGpuSampler.parse("[N/A], 1, 2")).isEqualTo(-1);
    assertThat(SshGpuSampler.parse("")).isEqualTo(-1);
    assertThat(SshGpuSampler.parse("NVIDIA-SMI has failed")).isEqualTo(-1);
    assertThat(SshGpuSampler.parse("150, 1, 2")).isEqualTo(-1);
  }
}
