package com.dumontcloud.cli.endpoints;

import com.dumontcloud.cli.CliContext;
import com.dumontcloud.sdk.Dumont;
import com.dumontcloud.sdk.server.ServerLock;
import com.dumontcloud.sdk.serverless.EndpointStore;
import com.dumontcloud.sdk.serverless.Endpoints;
import com.dumontcloud.sdk.testkit.SimulatedCloud;
import com.dumontcloud.sdk.testkit.modelserver.ModelServerWorkloads;
import java.util.List;

/**
 * One CLI invocation's view of the endpoints: the client, the endpoints persisted under
 * $DUMONT_HOME/serverless, and (on the simulated cloud) model-server stubs on loopback for replicas.
 */
public final class EndpointsSession implements AutoCloseable {
  private final Dumont dumont;
  private final Endpoints endpoints;
  private final ModelServerWorkloads stubs;
  private final ServerLock lock;

  public EndpointsSession(List<String> providers, boolean autoscale) {
    // one writer per state directory (see dumont serve)
    this.lock = ServerLock.acquire(CliContext.home().resolve("server"));
    this.dumont = CliContext.openClient(providers);
    SimulatedCloud sim = dumont.providerIds().contains("sim") ? CliContext.simulatedCloud() : null;
    this.stubs = sim == null ? null : ModelServerWorkloads.attach(sim);
    this.endpoints = Endpoints.builder(dumont).store(EndpointStore.files(CliContext.home().resolve("serverless")))
        .autoscale(autoscale).build();
  }

  public Endpoints endpoints() {
    return endpoints;
  }

  public Dumont dumont() {
    return dumont;
  }

  @Override
  public void close() {
    endpoints.close();
    if (stubs != null) stubs.close();
    dumont.close();
    lock.close();
  }
}
