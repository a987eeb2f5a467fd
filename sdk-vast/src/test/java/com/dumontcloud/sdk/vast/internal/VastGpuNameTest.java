package com.dumontcloud.sdk.vast.internal;

import static org.assertj.core.api.Assertions.assertThat;

import com.dumontcloud.sdk.model.Offer;
import com.dumontcloud.sdk.model.PricingModel;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Issue 12: Vast names both A100s "A100 SXM4"; the offer's gpu_ram (MB) decides which one it is. */
class VastGpuNameTest {

  @ParameterizedTest(name = "{0} with {1} MB -> {2}")
  @CsvSource({"A100 SXM4, 81920, A100 80GB", "A100 SXM4, 40960, A100 40GB", "Tesla V100, 32768, V100 32GB",
      "RTX 4060 Ti, 16380, RTX 4060 Ti 16GB", "RTX 6000Ada, 49140, RTX 6000 Ada", "H100 NVL, 95830, H100 NVL"})
  void offer_gpuNameAndRam_namesTheVariant(String name, double mb, String canonical) {
    Map<String, Object> raw = Map.of("id", 1.0, "dph_total", 1.2, "num_gpus", 1.0, "gpu_name", name, "gpu_ram", mb);

    Offer o = VastParsers.offer("vast", raw, PricingModel.ON_DEMAND);

    assertThat(o.gpu().name()).isEqualTo(canonical);
    assertThat(o.gpuRamGib()).isEqualTo(Math.round(mb / 1024));
  }
}
