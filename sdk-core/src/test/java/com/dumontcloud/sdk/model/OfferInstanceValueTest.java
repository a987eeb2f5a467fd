package com.dumontcloud.sdk.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.lang.reflect.Modifier;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

/**
 * {@link Offer} and {@link Instance} were records: as final classes they keep the record's equals, hashCode and
 * toString, checked against records with the same components.
 */
class OfferInstanceValueTest {
  record OfferRecord(String providerId, String id, GpuModel gpu, int gpuCount, double gpuRamGib, Double vcpus,
      Double ramGib, Double diskGib, Location location, PricingModel pricingModel, Money pricePerHour, Money minBid,
      Double reliability, Double netUpMbps, Double netDownMbps, Double cudaVersion, String hostId, String machineId,
      boolean verified, Map<String, Object> attributes) {}

  record InstanceRecord(String id, String providerId, InstanceState state, String rawStatus, String statusMessage,
      GpuModel gpu, int gpuCount, double gpuRamGib, Location location, String hostId, PricingModel pricingModel,
      Money pricePerHour, Map<String, String> labels, String publicIp, List<PortMapping> ports, String sshHost,
      int sshPort, String image, String templateName, String offerId, Instant createdAt, Instant startedAt,
      Instant stoppedAt) {}

  static final Offer OFFER = Offer.builder().providerId("vast").id("42").gpu(new GpuModel("RTX 4090", 24, 1.0, true))
      .gpuCount(2).gpuRamGib(24).vcpus(16.0).ramGib(64.0).diskGib(200.0).location(Location.of("US", "CA", null))
      .pricingModel(PricingModel.SPOT).pricePerHour(Money.usd("0.8")).minBid(Money.usd("0.3")).reliability(0.99)
      .netUpMbps(500.0).netDownMbps(900.0).cudaVersion(12.4).hostId("h1").machineId("m1").verified(true)
      .attributes(Map.of("dph_base", 0.7)).build();

  static final Instance INSTANCE = Instance.builder().id("i-1").providerId("vast").state(InstanceState.RUNNING)
      .rawStatus("running").statusMessage("ok").gpu(new GpuModel("RTX 4090", 24, 1.0, true)).gpuCount(1)
      .gpuRamGib(24).location(Location.of("US", null, null)).hostId("h1").pricingModel(PricingModel.SPOT)
      .pricePerHour(Money.usd("0.5")).labels(Map.of("dumont-key", "k")).publicIp("1.2.3.4")
      .ports(List.of(new PortMapping(8000, "tcp", "1.2.3.4", 40000))).sshHost("ssh.example").sshPort(2222)
      .image("nginx").templateName("web").offerId("42").createdAt(Instant.EPOCH)
      .startedAt(Instant.ofEpochSecond(10)).stoppedAt(Instant.ofEpochSecond(20)).build();

  static OfferRecord asRecord(Offer o) {
    return new OfferRecord(o.providerId(), o.id(), o.gpu(), o.gpuCount(), o.gpuRamGib(), o.vcpus(), o.ramGib(),
        o.diskGib(), o.location(), o.pricingModel(), o.pricePerHour(), o.minBid(), o.reliability(), o.netUpMbps(),
        o.netDownMbps(), o.cudaVersion(), o.hostId(), o.machineId(), o.verified(), o.attributes());
  }

  static InstanceRecord asRecord(Instance i) {
    return new InstanceRecord(i.id(), i.providerId(), i.state(), i.rawStatus(), i.statusMessage(), i.gpu(),
        i.gpuCount(), i.gpuRamGib(), i.location(), i.hostId(), i.pricingModel(), i.pricePerHour(), i.labels(),
        i.publicIp(), i.ports(), i.sshHost(), i.sshPort(), i.image(), i.templateName(), i.offerId(), i.createdAt(),
        i.startedAt(), i.stoppedAt());
  }

  @Test
  void offer_hashCodeAndToString_asTheRecordGave() {
    for (Offer o : List.of(OFFER, Offer.builder().providerId("sim").id("1").pricePerHour(Money.usd(1)).build())) {
      assertThat(o.hashCode()).isEqualTo(asRecord(o).hashCode());
      assertThat(o.toString()).isEqualTo(asRecord(o).toString().replaceFirst("^OfferRecord\\[", "Offer["));
    }
  }

  @Test
  void instance_hashCodeAndToString_asTheRecordGave() {
    for (Instance i : List.of(INSTANCE, Instance.builder().id("i").providerId("sim").build())) {
      assertThat(i.hashCode()).isEqualTo(asRecord(i).hashCode());
      assertThat(i.toString()).isEqualTo(asRecord(i).toString().replaceFirst("^InstanceRecord\\[", "Instance["));
    }
  }

  @Test
  void offer_toBuilder_equalsOriginal_eachFieldDiffers_notEqual() {
    assertThat(OFFER.toBuilder().build()).isEqualTo(OFFER).hasSameHashCodeAs(OFFER);
    List<UnaryOperator<Offer.Builder>> changes = List.of(b -> b.providerId("sim"), b -> b.id("43"),
        b -> b.gpu(GpuModel.NONE), b -> b.gpuCount(1), b -> b.gpuRamGib(48), b -> b.vcpus(null), b -> b.ramGib(32.0),
        b -> b.diskGib(100.0), b -> b.location(Location.UNKNOWN), b -> b.pricingModel(PricingModel.ON_DEMAND),
        b -> b.pricePerHour(Money.usd("0.9")), b -> b.minBid(null), b -> b.reliability(0.5), b -> b.netUpMbps(1.0),
        b -> b.netDownMbps(1.0), b -> b.cudaVersion(11.8), b -> b.hostId("h2"), b -> b.machineId(null),
        b -> b.verified(false), b -> b.attributes(Map.of()));
    for (UnaryOperator<Offer.Builder> c : changes) {
      Offer variant = c.apply(OFFER.toBuilder()).build();
      assertThat(variant).isNotEqualTo(OFFER);
      assertThat(asRecord(variant)).isNotEqualTo(asRecord(OFFER));
    }
  }

  @Test
  void instance_toBuilder_equalsOriginal_eachFieldDiffers_notEqual() {
    assertThat(INSTANCE.toBuilder().build()).isEqualTo(INSTANCE).hasSameHashCodeAs(INSTANCE);
    List<UnaryOperator<Instance.Builder>> changes = List.of(b -> b.id("i-2"), b -> b.providerId("sim"),
        b -> b.state(InstanceState.STOPPED), b -> b.rawStatus("exited"), b -> b.statusMessage(null),
        b -> b.gpu(GpuModel.NONE), b -> b.gpuCount(2), b -> b.gpuRamGib(48), b -> b.location(Location.UNKNOWN),
        b -> b.hostId(null), b -> b.pricingModel(PricingModel.ON_DEMAND), b -> b.pricePerHour(Money.usd("0.6")),
        b -> b.labels(Map.of()), b -> b.publicIp(null), b -> b.ports(List.of()), b -> b.sshHost(null),
        b -> b.sshPort(22), b -> b.image("busybox"), b -> b.templateName(null), b -> b.offerId("43"),
        b -> b.createdAt(Instant.ofEpochSecond(1)), b -> b.startedAt(null), b -> b.stoppedAt(null));
    for (UnaryOperator<Instance.Builder> c : changes) {
      Instance variant = c.apply(INSTANCE.toBuilder()).build();
      assertThat(variant).isNotEqualTo(INSTANCE);
      assertThat(asRecord(variant)).isNotEqualTo(asRecord(INSTANCE));
    }
  }

  @Test
  void builders_validateAndNormaliseAsTheRecordsDid() {
    assertThatThrownBy(() -> Offer.builder().id("1").pricePerHour(Money.usd(1)).build())
        .isInstanceOf(NullPointerException.class).hasMessage("providerId");
    assertThatThrownBy(() -> Offer.builder().providerId("p").id("1").pricePerHour(Money.usd(1)).gpuCount(-1).build())
        .isInstanceOf(IllegalArgumentException.class).hasMessage("gpuCount must be >= 0, got -1");
    Offer o = Offer.builder().providerId("p").id("1").pricePerHour(Money.usd(1)).location(null).pricingModel(null)
        .attributes(null).build();
    assertThat(o.location()).isEqualTo(Location.UNKNOWN);
    assertThat(o.pricingModel()).isEqualTo(PricingModel.ON_DEMAND);
    assertThat(o.attributes()).isEmpty();

    assertThatThrownBy(() -> Instance.builder().providerId("p").build()).isInstanceOf(NullPointerException.class)
        .hasMessage("id");
    Instance i = Instance.builder().id("i").providerId("p").state(null).gpu(null).location(null).pricingModel(null)
        .pricePerHour(null).labels(null).ports(null).build();
    assertThat(i.state()).isEqualTo(InstanceState.UNKNOWN);
    assertThat(i.gpu()).isEqualTo(GpuModel.NONE);
    assertThat(i.location()).isEqualTo(Location.UNKNOWN);
    assertThat(i.pricingModel()).isEqualTo(PricingModel.ON_DEMAND);
    assertThat(i.pricePerHour()).isEqualTo(Money.ZERO_USD);
    assertThat(i.labels()).isEmpty();
    assertThat(i.ports()).isEmpty();
  }

  @Test
  void offerAndInstance_areFinalClasses_withoutPublicConstructors() {
    for (Class<?> c : List.of(Offer.class, Instance.class)) {
      assertThat(c.isRecord()).as(c.getSimpleName()).isFalse();
      assertThat(Modifier.isFinal(c.getModifiers())).as(c.getSimpleName()).isTrue();
      assertThat(c.getConstructors()).as(c.getSimpleName()).isEmpty();
    }
  }
}
