package com.dumontcloud.sdk.testkit.engine;

import com.dumontcloud.sdk.engine.HealthProbe;
import com.dumontcloud.sdk.engine.store.StateStore;
import com.dumontcloud.sdk.gcp.GcpProviderFactory;
import com.dumontcloud.sdk.model.Instance;
import com.dumontcloud.sdk.model.InstanceState;
import com.dumontcloud.sdk.model.Template;
import com.dumontcloud.sdk.testkit.gcp.FakeGcpServer;
import java.nio.file.Path;
import java.util.List;

/** A {@link Rig} whose client also has the GCP provider on a {@link FakeGcpServer}, on the rig's virtual time. */
final class GcpRigs {
  private GcpRigs() {}

  static Rig rig(FakeGcpServer gcp, Path home, long seed, String zones) {
    Path key = gcp.newServiceAccountKey(home);
    Rig rig = new Rig(seed, StateStore.inMemory(), List.of(new GcpProviderFactory()), b -> b.provider("gcp",
        s -> s.baseUrl(gcp.baseUrl()).set("credentials-file", key.toString()).set("billing-base-url", gcp.billingUrl())
            .set("zones", zones)).home(home));
    gcp.clock(rig.time::now);
    HealthProbe sim = SimHealthProbe.of(rig.cloud);
    rig.customizer = b -> b.healthProbe(new HealthProbe() {
      @Override
      public boolean healthy(Instance i, Template t) {
        // the fake's VMs run no workload: a running GCP VM counts as healthy
        return i.providerId().equals("gcp") ? i.state() == InstanceState.RUNNING : sim.healthy(i, t);
      }

      @Override
      public boolean blocking() {
        return false;
      }
    });
    return rig;
  }
}
