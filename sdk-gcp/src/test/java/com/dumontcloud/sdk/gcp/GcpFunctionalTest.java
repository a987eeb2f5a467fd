package com.dumontcloud.sdk.gcp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.dumontcloud.sdk.exception.AuthenticationException;
import com.dumontcloud.sdk.exception.CapacityUnavailableException;
import com.dumontcloud.sdk.exception.ConfigurationException;
import com.dumontcloud.sdk.exception.QuotaExceededException;
import com.dumontcloud.sdk.model.Instance;
import com.dumontcloud.sdk.model.InstanceState;
import com.dumontcloud.sdk.model.Labels;
import com.dumontcloud.sdk.model.Offer;
import com.dumontcloud.sdk.model.OfferQuery;
import com.dumontcloud.sdk.model.PricingModel;
import com.dumontcloud.sdk.spi.SpotMarket;
import com.dumontcloud.sdk.spi.SshAccess;
import com.dumontcloud.sdk.testkit.http.Fault;
import com.dumontcloud.sdk.testkit.http.FakeProviderServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The GCP provider end to end against {@link com.dumontcloud.sdk.testkit.gcp.FakeGcpServer} on virtual time. */
class GcpFunctionalTest {
  @TempDir Path home;
  private GcpFixture gcp;

  @AfterEach
  void close() {
    if (gcp != null) gcp.close();
  }

  private GcpFixture start() {
    gcp = new GcpFixture(home).start();
    return gcp;
  }

  private GcpFixture start(java.util.function.Consumer<com.dumontcloud.sdk.ProviderSettings> s) {
    gcp = new GcpFixture(home).start(s);
    return gcp;
  }

  private static String insertPath(String zone) {
    return "/compute/v1/projects/my-project/zones/" + zone + "/instances";
  }

  @Test
  void offers_cover_n1AttachedT4Counts_bundledG2_e2CpuOnly_withCatalogPrices() {
    start(s -> s.set("zones", "us-central1-a"));
    List<Offer> offers = gcp.provider.searchOffers(OfferQuery.all());
    assertThat(offers).extracting(Offer::id).contains("us-central1-a/n1-standard-4+nvidia-tesla-t4*1",
        "us-central1-a/n1-standard-8+nvidia-tesla-t4*2", "us-central1-a/n1-standard-16+nvidia-tesla-t4*4",
        "us-central1-a/g2-standard-8", "us-central1-a/g2-standard-8:spot", "us-central1-a/e2-standard-4:spot");
    Offer t4 = gcp.offer("us-central1-a", "n1-standard-4+nvidia-tesla-t4*1", PricingModel.ON_DEMAND);
    assertThat(t4.gpu().name()).isEqualTo("T4");
    assertThat(t4.pricePerHour().doubleValue()).isCloseTo(4 * 0.031611 + 15 * 0.004237 + 0.35,
        org.assertj.core.api.Assertions.within(1e-4));
    assertThat(t4.attributes()).containsEntry("price_source", "billing-catalog")
        .containsEntry("priced_at", gcp.scheduler.now().toString()).containsEntry("zone", "us-central1-a");
    Offer e2 = gcp.offer("us-central1-a", "e2-standard-4", PricingModel.SPOT);
    assertThat(e2.gpu().isCpuOnly()).isTrue();
    assertThat(e2.gpuCount()).isZero();
    assertThat(e2.interruptible()).isTrue();
    assertThat(e2.minBid()).isEqualTo(e2.pricePerHour());
  }

  @Test
  void prices_billingDisabled_fallBackToBundledTableWithItsDate() {
    start(s -> s.set("zones", "us-central1-a"));
    gcp.fake.billingEnabled(false);
    Offer g2 = gcp.offer("us-central1-a", "g2-standard-8", PricingModel.ON_DEMAND);
    assertThat(g2.attributes()).containsEntry("price_source", "bundled-table")
        .containsEntry("priced_at", "2025-06-01T00:00:00Z");
    assertThat(g2.pricePerHour().doubleValue()).isGreaterThan(0.56);
  }

  @Test
  void prices_cachedOnTheSchedulerClock_refetchedAfterTheTtl() {
    start(s -> s.set("zones", "us-central1-a").set("price-ttl", "12h"));
    FakeProviderServer api = gcp.fake.api();
    gcp.provider.searchOffers(OfferQuery.all());
    gcp.provider.searchOffers(OfferQuery.all());
    assertThat(api.calls("GET", "/billing/v1/")).hasSize(1);
    gcp.scheduler.advanceBy(Duration.ofHours(13));
    gcp.provider.searchOffers(OfferQuery.all());
    assertThat(api.calls("GET", "/billing/v1/")).hasSize(2);
  }

  @Test
  void launch_sendsTheInsertBodyWithRequestIdLabelsAndSpotScheduling() {
    start(s -> s.set("zones", "us-central1-a").set("ssh-public-key", "ssh-ed25519 AAAAtest me"));
    Offer o = gcp.offer("us-central1-a", "n1-standard-4+nvidia-tesla-t4*1", PricingModel.SPOT);
    Instance i = gcp.launch(o, PricingModel.SPOT, "web/0/1", Map.of(Labels.DEPLOYMENT, "My-App"));
    FakeProviderServer.Call insert = gcp.fake.api().calls("POST", insertPath("us-central1-a")).get(0);
    assertThat(insert.query()).matches("requestId=[0-9a-f-]{36}");
    @SuppressWarnings("unchecked")
    Map<String, Object> body = (Map<String, Object>) com.dumontcloud.sdk.testkit.http.JsonTrees.parse(insert.body());
    assertThat(body.get("scheduling")).isEqualTo(Map.of("provisioningModel", "SPOT", "instanceTerminationAction",
        "STOP", "onHostMaintenance", "TERMINATE", "automaticRestart", false));
    assertThat(body.get("guestAccelerators")).isEqualTo(List.of(Map.of("acceleratorType",
        "projects/my-project/zones/us-central1-a/acceleratorTypes/nvidia-tesla-t4", "acceleratorCount", 1L)));
    @SuppressWarnings("unchecked")
    Map<String, Object> labels = (Map<String, Object>) body.get("labels");
    assertThat(labels).containsEntry("dumont-key", "web_2f0_2f1")
        .containsEntry("dumont-deployment", "_4dy-_41pp");
    assertThat(insert.body()).contains("dumont:ssh-ed25519 AAAAtest me").contains("install-nvidia-driver")
        .contains("docker run -d --restart unless-stopped --name 'dumont' --gpus all -p 80:80 'nginx:1.27-alpine'");
    assertThat(i.labels()).containsEntry(Labels.KEY, "web/0/1").containsEntry(Labels.DEPLOYMENT, "My-App");
    assertThat(gcp.provider.findByIdempotencyKey("web/0/1")).map(Instance::id).contains(i.id());
    assertThat(i.pricingModel()).isEqualTo(PricingModel.SPOT);
    assertThat(i.gpu().name()).isEqualTo("T4");
  }

  @Test
  void launch_insertAnswerLost_resentWithTheSameRequestId_createsOneVm() {
    start(s -> s.set("zones", "us-central1-a"));
    Offer o = gcp.offer("us-central1-a", "g2-standard-8", PricingModel.ON_DEMAND);
    gcp.fake.api().failNext("POST", insertPath("us-central1-a"), Fault.dropAfterProcessing());
    Instance i = gcp.launch(o, PricingModel.ON_DEMAND, "k-lost", Map.of());
    List<FakeProviderServer.Call> inserts = gcp.fake.api().calls("POST", insertPath("us-central1-a"));
    assertThat(inserts).hasSize(2);
    assertThat(inserts.get(0).query()).isEqualTo(inserts.get(1).query());
    assertThat(gcp.fake.instanceIds()).containsExactly(i.id());
  }

  @Test
  void launch_stockoutInOfferZone_failsOverToTheNextZone_listingTheAttempt() {
    start(s -> s.set("zones", "us-central1"));
    gcp.fake.stockout("us-central1-a");
    Offer o = gcp.offer("us-central1-a", "g2-standard-8", PricingModel.SPOT);
    Instance i = gcp.launch(o, PricingModel.SPOT, "k-failover", Map.of());
    assertThat(i.id()).startsWith("us-central1-b/");
    assertThat(i.offerId()).isEqualTo("us-central1-b/g2-standard-8:spot");
    assertThat(i.statusMessage()).contains("us-central1-a: ZONE_RESOURCE_POOL_EXHAUSTED");
  }

  @Test
  void launch_spotPreemptedBeforeItRan_isACapacityFailureOfThatZone_andTheVmIsDeleted() {
    start(s -> s.set("zones", "us-central1"));
    gcp.fake.preemptOnCreate("us-central1-a");
    Offer o = gcp.offer("us-central1-a", "e2-standard-2", PricingModel.SPOT);
    Instance i = gcp.launch(o, PricingModel.SPOT, "k-preempted", Map.of());
    assertThat(i.id()).startsWith("us-central1-b/");
    assertThat(i.statusMessage()).contains("us-central1-a: compute.instances.preempted");
    assertThat(gcp.fake.instanceIds()).containsExactly(i.id());
  }

  @Test
  void launch_everyZoneStockedOut_capacityUnavailableListsEveryAttempt() {
    start(s -> s.set("zones", "us-central1"));
    gcp.fake.stockout("us-central1-a", "us-central1-b", "us-central1-c");
    Offer o = gcp.offer("us-central1-a", "g2-standard-8", PricingModel.ON_DEMAND);
    assertThatThrownBy(() -> gcp.launch(o, PricingModel.ON_DEMAND, "k-none", Map.of()))
        .isInstanceOf(CapacityUnavailableException.class)
        .hasMessageContaining("tried 3 zones").hasMessageContaining("us-central1-a: ZONE_RESOURCE_POOL_EXHAUSTED")
        .hasMessageContaining("us-central1-b: ZONE").hasMessageContaining("us-central1-c: ZONE");
    assertThat(gcp.fake.instanceIds()).isEmpty();
  }

  @Test
  void launch_regionalQuota_blocksTheRegion_andMovesToAnotherRegion() {
    start(s -> s.set("zones", "us-central1-a,us-central1-b,europe-west4-a"));
    gcp.fake.quota("us-central1", "NVIDIA_L4_GPUS");
    Offer o = gcp.offer("us-central1-a", "g2-standard-8", PricingModel.ON_DEMAND);
    Instance i = gcp.launch(o, PricingModel.ON_DEMAND, "k-quota", Map.of());
    assertThat(i.id()).startsWith("europe-west4-a/");
    assertThat(i.statusMessage()).contains("QUOTA_EXCEEDED").contains("us-central1-b: skipped (region quota)");
  }

  @Test
  void launch_globalQuota_stopsAtOnce_namingTheQuota() {
    start(s -> s.set("zones", "us-central1"));
    gcp.fake.quota("global", "GPUS_ALL_REGIONS");
    Offer o = gcp.offer("us-central1-a", "g2-standard-8", PricingModel.ON_DEMAND);
    assertThatThrownBy(() -> gcp.launch(o, PricingModel.ON_DEMAND, "k-global", Map.of()))
        .isInstanceOf(QuotaExceededException.class).hasMessageContaining("GPUS_ALL_REGIONS")
        .hasMessageContaining("tried 1 zone");
    assertThat(gcp.fake.api().calls("POST", insertPath(""))).isEmpty();
  }

  @Test
  void operationWait_cutOffMoreOftenThanTheTransportRetries_isReissuedUntilDone() {
    start(s -> s.set("zones", "us-central1-a"));
    Offer o = gcp.offer("us-central1-a", "e2-medium", PricingModel.ON_DEMAND);
    gcp.fake.api().fail("POST", "/compute/v1/projects/my-project/zones/us-central1-a/operations/**", 4,
        Fault.dropConnection());
    Instance i = gcp.launch(o, PricingModel.ON_DEMAND, "w1", Map.of());
    assertThat(gcp.fake.instanceIds()).containsExactly(i.id());
    assertThat(gcp.fake.api().calls("POST", "/compute/v1/projects/my-project/zones/us-central1-a/operations/"))
        .hasSizeGreaterThan(4);
  }

  @Test
  void rateLimited_429_isRetriedOnVirtualTime() {
    start(s -> s.set("zones", "us-central1-a"));
    gcp.fake.rateLimitNext(2);
    assertThat(gcp.provider.list(Map.of())).isEmpty();
    assertThat(gcp.fake.api().calls("GET", "/compute/v1/projects/my-project/aggregated/instances")).hasSize(3);
  }

  @Test
  void list_pagesThroughAggregatedList() {
    start(s -> s.set("zones", "us-central1"));
    Offer a = gcp.offer("us-central1-a", "e2-medium", PricingModel.ON_DEMAND);
    Offer b = gcp.offer("us-central1-b", "e2-medium", PricingModel.ON_DEMAND);
    gcp.launch(a, PricingModel.ON_DEMAND, "p1", Map.of("run", "x"));
    gcp.launch(b, PricingModel.ON_DEMAND, "p2", Map.of("run", "x"));
    gcp.launch(a, PricingModel.ON_DEMAND, "p3", Map.of("run", "y"));
    gcp.fake.pageSize(1);
    gcp.fake.api().clearCalls();
    assertThat(gcp.provider.list(Map.of())).hasSize(3);
    assertThat(gcp.fake.api().calls("GET", "/compute/v1/projects/my-project/aggregated/instances")).hasSize(3);
    assertThat(gcp.provider.list(Map.of("run", "x"))).hasSize(2);
  }

  @Test
  void spot_preemptedIsInterrupted_stoppedByUsIsStopped() {
    start(s -> s.set("zones", "us-central1-a"));
    Offer o = gcp.offer("us-central1-a", "e2-standard-2", PricingModel.SPOT);
    Instance a = gcp.launch(o, PricingModel.SPOT, "s1", Map.of());
    Instance b = gcp.launch(o, PricingModel.SPOT, "s2", Map.of());
    gcp.fake.settle();
    Instant before = gcp.scheduler.now();
    gcp.fake.preempt(a.id());
    gcp.provider.stop(b.id());
    assertThat(gcp.provider.get(a.id()).state()).isEqualTo(InstanceState.INTERRUPTED);
    assertThat(gcp.provider.get(b.id()).state()).isEqualTo(InstanceState.STOPPED);
    SpotMarket spot = gcp.provider.capability(SpotMarket.class).orElseThrow();
    assertThat(spot.interruptions(List.of(a.id(), b.id()), before)).extracting(SpotMarket.Interruption::instanceId)
        .containsExactly(a.id());
    gcp.provider.start(a.id());
    gcp.fake.settle();
    assertThat(gcp.provider.get(a.id()).state()).isEqualTo(InstanceState.RUNNING);
  }

  @Test
  void setLabels_staleFingerprint_isReadAgainAndRetried() {
    start(s -> s.set("zones", "us-central1-a"));
    Instance i = gcp.launch(gcp.offer("us-central1-a", "e2-medium", PricingModel.ON_DEMAND), PricingModel.ON_DEMAND,
        "l1", Map.of());
    gcp.fake.staleFingerprintOnce();
    gcp.provider.setLabels(i.id(), Map.of(Labels.KEY, "l1", "stage", "two"));
    assertThat(gcp.provider.get(i.id()).labels()).containsEntry("stage", "two").containsEntry(Labels.KEY, "l1");
    assertThat(gcp.fake.api().calls("POST", "/compute/v1/projects/my-project/zones/us-central1-a/instances/"))
        .filteredOn(c -> c.path().endsWith("/setLabels")).hasSize(2);
  }

  @Test
  void sshAccess_installsTheKeyOnceInSshKeysMetadata_andPointsAtPort22() {
    start(s -> s.set("zones", "us-central1-a"));
    Instance i = gcp.launch(gcp.offer("us-central1-a", "e2-medium", PricingModel.ON_DEMAND), PricingModel.ON_DEMAND,
        "ssh1", Map.of());
    gcp.fake.settle();
    SshAccess ssh = gcp.provider.capability(SshAccess.class).orElseThrow();
    Instance running = gcp.provider.get(i.id());
    assertThat(ssh.sshEndpoint(running)).hasValue(new SshAccess.Endpoint("127.0.0.1", 22, "dumont"));
    assertThat(running.port(80)).hasValueSatisfying(p -> assertThat(p.hostPort()).isEqualTo(80));
    ssh.installPublicKey(running, "ssh-ed25519 AAAAkey1 me");
    ssh.installPublicKey(running, "ssh-ed25519 AAAAkey1 me");
    assertThat(gcp.fake.api().calls()).filteredOn(c -> c.path().endsWith("/setMetadata")).hasSize(1);
    assertThatThrownBy(() -> ssh.installPublicKey(running, "-----BEGIN OPENSSH PRIVATE KEY-----"))
        .isInstanceOf(com.dumontcloud.sdk.exception.InvalidSpecException.class)
        .hasMessageNotContaining("BEGIN");
    assertThat(String.valueOf(gcp.fake.instance(i.id()).get("metadata")))
        .contains("dumont:ssh-ed25519 AAAAkey1 me");
  }

  @Test
  void terminate_unknownInstance_isSuccess_andMalformedIdIsNotFound() {
    start(s -> s.set("zones", "us-central1-a"));
    gcp.provider.terminate("us-central1-a/dumont-gone");
    assertThatThrownBy(() -> gcp.provider.get("no-zone")).hasMessageContaining("ids are zone/name");
  }

  @Test
  void auth_tokenIsFetchedOnceAndReused_andNeverPrinted() {
    start(s -> s.set("zones", "us-central1-a"));
    gcp.provider.list(Map.of());
    gcp.provider.list(Map.of());
    gcp.provider.searchOffers(OfferQuery.all());
    assertThat(gcp.fake.tokenRequests()).isEqualTo(1);
    String token = gcp.fake.api().calls().get(1).authorization().substring("Bearer ".length());
    assertThat(gcp.provider.toString()).doesNotContain(token);
  }

  @Test
  void auth_revokedToken_isReplacedOnce_thenTheCallSucceeds() {
    start(s -> s.set("zones", "us-central1-a").set("prices", "bundled"));
    gcp.provider.list(Map.of());
    gcp.fake.revokeTokens();
    assertThat(gcp.provider.list(Map.of())).isEmpty();
    assertThat(gcp.fake.tokenRequests()).isEqualTo(2);
  }

  @Test
  void auth_untrustedKey_isAnAuthenticationErrorWithoutKeyMaterial() throws Exception {
    Path key;
    try (com.dumontcloud.sdk.testkit.gcp.FakeGcpServer other = com.dumontcloud.sdk.testkit.gcp.FakeGcpServer.start()) {
      key = other.newServiceAccountKey(home); // a key pair the fake under test does not trust
    }
    gcp = new GcpFixture(home);
    Files.writeString(key, Files.readString(key).replaceAll("\"token_uri\":\"[^\"]*\"",
        "\"token_uri\":\"" + gcp.fake.tokenUri() + "\""));
    String pem = Files.readString(key);
    gcp.startRaw(s -> s.baseUrl(gcp.fake.baseUrl()).set("credentials-file", key.toString()).set("prices", "bundled"));
    assertThatThrownBy(() -> gcp.provider.list(Map.of())).isInstanceOf(AuthenticationException.class)
        .hasMessageContaining("invalid_grant").hasMessageNotContaining("PRIVATE KEY")
        .satisfies(e -> assertThat(e.getMessage()).doesNotContain(pem.substring(pem.indexOf("KEY-----") + 12,
            pem.indexOf("KEY-----") + 60)));
  }

  @Test
  void auth_metadataServer_whenNoCredentialFile_givesTokenAndProject() throws Exception {
    Path empty = Files.createDirectories(home.resolve("gcloud"));
    gcp = new GcpFixture(home);
    gcp.startRaw(s -> s.baseUrl(gcp.fake.baseUrl()).set("metadata-host", gcp.fake.metadataHost())
        .set("gcloud-config-dir", empty.toString()).set("prices", "bundled").set("zones", "us-central1-a"));
    assertThat(gcp.provider.list(Map.of())).isEmpty();
    assertThat(gcp.fake.api().calls("GET", "/computeMetadata/v1/")).isNotEmpty()
        .allSatisfy(c -> assertThat(c.path()).startsWith("/computeMetadata/v1/"));
  }

  @Test
  void auth_shortLivedToken_isRefreshedBeforeItExpires() {
    start(s -> s.set("zones", "us-central1-a").set("prices", "bundled"));
    gcp.fake.tokenLifetime(Duration.ofSeconds(30)); // inside google-auth's refresh margin: never used to the end
    gcp.provider.list(Map.of());
    gcp.provider.list(Map.of());
    assertThat(gcp.fake.tokenRequests()).isEqualTo(2);
  }

  @Test
  void auth_noCredentialsAnywhere_isOneClearConfigurationError() throws Exception {
    Path empty = Files.createDirectories(home.resolve("no-gcloud"));
    gcp = new GcpFixture(home);
    gcp.startRaw(s -> s.baseUrl(gcp.fake.baseUrl()).set("metadata-host", "127.0.0.1:1").set("project", "p")
        .set("gcloud-config-dir", empty.toString()).set("prices", "bundled"));
    assertThatThrownBy(() -> gcp.provider.list(Map.of())).isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("GOOGLE_APPLICATION_CREDENTIALS").hasMessageContaining("application-default login");
    gcp.close();
    gcp = new GcpFixture(home); // no project either: asking the metadata server for one fails the same way
    gcp.startRaw(s -> s.baseUrl(gcp.fake.baseUrl()).set("metadata-host", "127.0.0.1:1")
        .set("gcloud-config-dir", empty.toString()).set("prices", "bundled"));
    assertThatThrownBy(() -> gcp.provider.list(Map.of())).isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("no GCP credentials");
  }

  @Test
  void launch_foreignOffer_isAnInvalidRequestNamingTheOffer() {
    start(s -> s.set("zones", "us-central1-a"));
    Offer foreign = gcp.offer("us-central1-a", "e2-medium", PricingModel.ON_DEMAND).toBuilder().providerId("vast")
        .id("12345").build();
    assertThatThrownBy(() -> gcp.launch(foreign, PricingModel.ON_DEMAND, "f1", Map.of()))
        .isInstanceOf(com.dumontcloud.sdk.exception.InvalidRequestException.class).hasMessageContaining("'12345'");
  }

  @Test
  void malformedAnswer_isAProtocolErrorNamingTheOperation_neverARawException() {
    start(s -> s.set("zones", "us-central1-a"));
    gcp.fake.api().failNext("GET", "/compute/v1/projects/my-project/zones/us-central1-a/instances/x",
        Fault.json(200, Map.of("name", "x", "zone", "zones/us-central1-a", "labels", "oops")));
    assertThatThrownBy(() -> gcp.provider.get("us-central1-a/x"))
        .isInstanceOf(com.dumontcloud.sdk.exception.ProviderProtocolException.class).hasMessageContaining("op=get")
        .hasMessageContaining("labels");
  }

  @Test
  void config_noProject_namesTheSettings() {
    gcp = new GcpFixture(home);
    gcp.startRaw(s -> s.baseUrl(gcp.fake.baseUrl()).set("access-token", gcp.fake.staticToken()).set("prices",
        "bundled"));
    assertThatThrownBy(() -> gcp.provider.list(Map.of())).isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("DUMONT_GCP_PROJECT").hasMessageContaining("GOOGLE_CLOUD_PROJECT");
  }

  @Test
  void config_badPriceSource_namesTheKey() {
    gcp = new GcpFixture(home);
    assertThatThrownBy(() -> gcp.startRaw(s -> s.baseUrl(gcp.fake.baseUrl()).set("prices", "cheap")))
        .isInstanceOf(ConfigurationException.class).hasMessageContaining("gcp.prices").hasMessageContaining("catalog");
  }
}
