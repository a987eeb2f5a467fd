package com.dumontcloud.sdk.gcp.internal;

import static org.assertj.core.api.Assertions.assertThat;

import com.dumontcloud.sdk.exception.CapacityUnavailableException;
import com.dumontcloud.sdk.exception.ProviderErrorDetails;
import com.dumontcloud.sdk.exception.QuotaExceededException;
import com.dumontcloud.sdk.exception.RateLimitedException;
import com.dumontcloud.sdk.spi.support.JsonCodec;
import com.dumontcloud.sdk.spi.support.ProviderError;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The wire-level pieces against the constructed fixtures: insert bodies, operation errors, error bodies, SKUs. */
class GcpInternalsTest {
  private static final JsonCodec JSON = JsonCodec.standard();
  private static final String DLVM =
      "projects/deeplearning-platform-release/global/images/family/common-cu129-ubuntu-2204-nvidia-580";
  private static final String SCRIPT = "#!/bin/bash\nset -euo pipefail\n# wait for the DLVM driver installer, then start"
      + " the agent\nfor i in $(seq 1 60); do nvidia-smi && break; sleep 10; done\ncurl -fsSL http://10.0.0.2/agent.sh"
      + " | bash\n";
  private static final String SSH = "ubuntu:ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIFakeKeyForTestsOnly000000000000000000000"
      + " gpu-sdk";

  static String fixture(String name) {
    try (InputStream in = GcpInternalsTest.class.getResourceAsStream("/fixtures/gcp/" + name)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new AssertionError(name, e);
    }
  }

  @SuppressWarnings("unchecked")
  static Map<String, Object> object(String name) {
    return (Map<String, Object>) JSON.parse(fixture(name));
  }

  private static Map<String, String> gpuMetadata() {
    Map<String, String> m = new LinkedHashMap<>();
    m.put("install-nvidia-driver", "True");
    m.put("startup-script", SCRIPT);
    m.put("ssh-keys", SSH);
    return m;
  }

  private static Object tree(InsertBody b) {
    return JSON.parse(JSON.write(b.toJson()));
  }

  private static InsertBody gpu(String name, String type, String acc, int n, long disk, boolean spot, String action,
      Long maxRun, String until) {
    return new InsertBody(name, "my-project", "us-central1-a", type, acc, n, true, DLVM, disk, "pd-balanced",
        Map.of("managed-by", "gpu-sdk"), "global/networks/default", gpuMetadata(),
        Map.of("managed-by", "gpu-sdk", "job-id", "job-42"), List.of("gpu-sdk"), "default", spot, action, maxRun,
        until);
  }

  @Test
  void insertBody_n1T4Spot_equalsFixture() {
    assertThat(tree(gpu("sdk-gpu-t4-01", "n1-standard-8", "nvidia-tesla-t4", 1, 100, true, "STOP", 14400L, null)))
        .isEqualTo(JSON.parse(fixture("request_insert_n1_t4_spot.json")));
  }

  @Test
  void insertBody_g2BundledSpotDelete_equalsFixtureWithoutGuestAccelerators() {
    assertThat(tree(gpu("sdk-gpu-l4-01", "g2-standard-8", null, 0, 100, true, "DELETE", null,
        "2025-03-12T02:00:00Z"))).isEqualTo(JSON.parse(fixture("request_insert_g2_l4_spot_delete.json")));
  }

  @Test
  void insertBody_a2OnDemand_equalsFixture() {
    assertThat(tree(gpu("sdk-gpu-a100-01", "a2-highgpu-1g", null, 0, 200, false, null, null, null)))
        .isEqualTo(JSON.parse(fixture("request_insert_a2_a100_ondemand.json")));
  }

  @Test
  void insertBody_e2CpuSpot_equalsFixture() {
    InsertBody b = new InsertBody("sdk-cpu-01", "my-project", "us-central1-a", "e2-standard-4", null, 0, false,
        "projects/ubuntu-os-cloud/global/images/family/ubuntu-2204-lts", 50, "pd-balanced", Map.of(),
        "global/networks/default", Map.of("startup-script", "#!/bin/bash\necho hello\n"),
        Map.of("managed-by", "gpu-sdk"), List.of(), null, true, "DELETE", null, null);
    assertThat(tree(b)).isEqualTo(JSON.parse(fixture("request_insert_e2_cpu_spot.json")));
  }

  @Test
  void operationFailure_zoneResourcePoolExhausted_isCapacityNamingTheZoneAndBlocksIt() {
    GcpApi.OperationFailure f = GcpApi.failure("launch", object("operation_insert_zone_resource_pool_exhausted.json"));
    assertThat(f.scope()).isEqualTo(GcpApi.Scope.ZONE);
    assertThat(f.exception()).isInstanceOf(CapacityUnavailableException.class)
        .hasMessageContaining("us-central1-a").hasMessageContaining("ZONE_RESOURCE_POOL_EXHAUSTED")
        .hasMessageContaining("us-central1-b,us-central1-f");
    assertThat(f.exception().retryable()).isFalse();
  }

  @Test
  void operationFailure_withDetailsVariant_isCapacity() {
    GcpApi.OperationFailure f = GcpApi.failure("launch",
        object("operation_insert_zone_resource_pool_exhausted_with_details.json"));
    assertThat(f.exception()).isInstanceOf(CapacityUnavailableException.class)
        .hasMessageContaining("ZONE_RESOURCE_POOL_EXHAUSTED_WITH_DETAILS");
  }

  @Test
  void operationFailure_quotaExceeded_namesQuotaAndRegion() {
    GcpApi.OperationFailure f = GcpApi.failure("launch", object("operation_insert_quota_exceeded.json"));
    assertThat(f.scope()).isEqualTo(GcpApi.Scope.REGION);
    assertThat(f.exception()).isInstanceOf(QuotaExceededException.class)
        .hasMessageContaining("NVIDIA_T4_GPUS").hasMessageContaining("in region us-central1");
  }

  @Test
  void operationFailure_doneWithoutError_isNull() {
    Map<String, Object> op = new LinkedHashMap<>(object("operation_insert_quota_exceeded.json"));
    op.remove("error");
    assertThat(GcpApi.failure("launch", op)).isNull();
  }

  @ParameterizedTest
  @CsvSource({
      "error_403_rate_limit_exceeded.json, 403, RATE_LIMITED",
      "error_429_rate_limit_exceeded.json, 429, RATE_LIMITED",
      "error_403_quota_gpus_all_regions.json, 403, QUOTA",
      "error_404_instance_not_found.json, 404, NOT_FOUND",
      "error_401_invalid_credentials.json, 401, AUTH"})
  void refiner_googleErrorBodies_mapToKinds(String file, int status, ProviderError.Kind kind) {
    assertThat(GcpApi.REFINER.refine(status, fixture(file))).get().extracting(ProviderError::kind).isEqualTo(kind);
  }

  @Test
  void refiner_rateLimitIsRetryable_quotaIsNot() {
    ProviderErrorDetails d = ProviderErrorDetails.of("gcp", "list", "x").withStatus(403);
    assertThat(GcpApi.REFINER.refine(403, fixture("error_403_rate_limit_exceeded.json")).orElseThrow()
        .toException(d)).isInstanceOf(RateLimitedException.class).matches(e -> e.retryable());
    assertThat(GcpApi.REFINER.refine(403, fixture("error_403_quota_gpus_all_regions.json")).orElseThrow()
        .toException(d)).isInstanceOf(QuotaExceededException.class).matches(e -> !e.retryable())
        .hasMessageContaining("GPUS_ALL_REGIONS");
  }

  @Test
  @SuppressWarnings("unchecked")
  void billingSkus_fixturePages_parseOnDemandAndSpotPerRegionSkippingCommitments() {
    List<Map<String, Object>> skus = new java.util.ArrayList<>();
    for (String f : List.of("skus_compute_page1.json", "skus_compute_page2_last.json")) {
      for (Object o : (List<Object>) object(f).get("skus")) skus.add((Map<String, Object>) o);
    }
    Map<String, Double> p = GcpPrices.parseSkus(skus);
    assertThat(p.get("gpu|T4|us-central1|ondemand")).isEqualTo(0.35, org.assertj.core.api.Assertions.within(1e-9));
    assertThat(p).containsKey("gpu|T4|us-central1|spot").containsKey("gpu|A100 80GB|us-central1|ondemand")
        .containsKey("host|n1|core|us-central1|ondemand").containsKey("host|e2|ram|us-central1|ondemand");
    assertThat(p.get("gpu|T4|us-central1|spot")).isLessThan(p.get("gpu|T4|us-central1|ondemand"));
    assertThat(p.keySet()).noneMatch(k -> k.contains("tenancy") || k.contains("ommit"));
  }

  @ParameterizedTest
  @CsvSource({"web/0/3", "My-App", "dumont_key", "0a1b2c3d4e5f", "ünïcode"})
  void labels_escapedIntoGcpCharset_roundTrip(String value) {
    String enc = GcpNames.encode(value, false);
    assertThat(enc).matches("[a-z0-9_-]{0,63}");
    assertThat(GcpNames.decode(enc)).isEqualTo(value);
  }

  @Test
  void labels_tooLong_areShortenedStably() {
    String v = "deployment-with-a-rather-long-name/replica-12/generation-345/extra";
    assertThat(GcpNames.encode(v, false)).hasSizeLessThanOrEqualTo(63).isEqualTo(GcpNames.encode(v, false));
    assertThat(GcpNames.encode("Bad Key", true)).matches("[a-z][a-z0-9_-]*");
  }

  @Test
  void requestId_isAStableNonZeroUuidPerKeyAndZone() {
    String a = GcpNames.requestId("k1", "us-central1-a");
    assertThat(a).isEqualTo(GcpNames.requestId("k1", "us-central1-a"))
        .isNotEqualTo(GcpNames.requestId("k1", "us-central1-b")).isNotEqualTo("00000000-0000-0000-0000-000000000000");
    assertThat(java.util.UUID.fromString(a)).isNotNull();
    assertThat(GcpNames.instanceName("k1")).matches("[a-z]([-a-z0-9]{0,61}[a-z0-9])?");
  }
}
