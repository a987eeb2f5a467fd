package com.dumontcloud.sdk.ssh;

import com.dumontcloud.sdk.model.Instance;
import com.dumontcloud.sdk.model.InstanceState;
import com.dumontcloud.sdk.model.Labels;
import com.dumontcloud.sdk.model.Offer;
import com.dumontcloud.sdk.model.OfferQuery;
import com.dumontcloud.sdk.model.PricingModel;
import com.dumontcloud.sdk.model.Template;
import com.dumontcloud.sdk.model.TemplateCategory;
import com.dumontcloud.sdk.remote.RemoteShellContext;
import com.dumontcloud.sdk.spi.ProviderLaunchRequest;
import com.dumontcloud.sdk.testkit.BootProfile;
import com.dumontcloud.sdk.testkit.SimulatedCloud;
import com.dumontcloud.sdk.testkit.VirtualScheduler;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/** A simulated cloud with fixed boot times on virtual time, and shells on it. */
final class SimSsh implements AutoCloseable {
  static final Template SERVICE = Template.builder("svc", "vllm/vllm-openai:latest").displayName("Service")
      .description("test service").category(TemplateCategory.LLM).port(8000).healthPath("/health")
      .modelId("Qwen/Qwen2.5-0.5B-Instruct").minGpuRamGib(8).vramRequiredGib(1).build();
  /** Provisioning 10 s, boot 10 s, workload load 5 s: RUNNING at +20 s, healthy at +25 s. */
  static final BootProfile BOOT = BootProfile.fixed(Duration.ofSeconds(10), Duration.ofSeconds(10), Duration.ofSeconds(5));

  final VirtualScheduler time = VirtualScheduler.create();
  final SimulatedCloud cloud;
  final Path home;
  private final List<SshRemoteShell> shells = new java.util.ArrayList<>();

  SimSsh(Path dir) {
    this.home = dir.resolve("dumont-home");
    this.cloud = SimulatedCloud.builder().scheduler(time).bootProfile(BOOT).hostsDirectory(dir.resolve("hosts")).build();
  }

  RemoteShellContext context(Path privateKey) {
    return new RemoteShellContext(id -> SimulatedCloud.ID.equals(id) ? Optional.of(cloud) : Optional.empty(), home,
        "default", privateKey, time);
  }

  SshRemoteShell shell() {
    SshRemoteShell s = SshRemoteShell.builder(context(null)).connectRetryWindow(Duration.ofSeconds(5)).build();
    shells.add(s);
    return s;
  }

  /** Launch an on-demand GPU instance and advance time until it is RUNNING with a healthy workload. */
  Instance running() {
    Offer o = cloud.searchOffers(OfferQuery.builder().pricingModel(PricingModel.ON_DEMAND).build()).stream()
        .filter(x -> x.gpuCount() > 0).min(Comparator.comparing(Offer::pricePerHour)).orElseThrow();
    String key = UUID.randomUUID().toString();
    Instance i = cloud.launch(new ProviderLaunchRequest(o, SERVICE, Map.of(Labels.KEY, key), key,
        PricingModel.ON_DEMAND, null, 50));
    time.advanceBy(Duration.ofSeconds(30));
    Instance r = cloud.get(i.id());
    if (r.state() != InstanceState.RUNNING) throw new IllegalStateException("not running: " + r.state());
    return r;
  }

  @Override
  public void close() {
    shells.forEach(SshRemoteShell::close);
    cloud.close();
  }
}
