package com.dumontcloud.cli;

import com.dumontcloud.sdk.Dumont;
import com.dumontcloud.sdk.internal.json.MoshiJsonCodec;
import com.dumontcloud.sdk.testkit.BootProfile;
import com.dumontcloud.sdk.testkit.SimulatedCloud;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * MINIMAL stand-in for the lead's CLI context (replaced on merge; same signatures): opens the client,
 * resolves $DUMONT_HOME and prints JSON.
 */
public final class CliContext {
  private static SimulatedCloud sim;

  private CliContext() {}

  /** A client on the given providers; none means "sim", persisted under $DUMONT_HOME/sim, wall-clock time. */
  public static synchronized Dumont openClient(List<String> providers) {
    List<String> ps = providers == null || providers.isEmpty() ? List.of("sim") : providers;
    Dumont.Builder b = Dumont.builder().home(home());
    if (ps.contains("sim")) {
      sim = SimulatedCloud.builder().stateFile(home().resolve("sim").resolve("state.json"))
          .bootProfile(new BootProfile(Duration.ofMillis(500), Duration.ofMillis(1500), Duration.ofMillis(500),
              Duration.ofMillis(1500), Duration.ofMillis(500), Duration.ofMillis(1000)))
          .build();
      b.providerFactories(List.of(sim.factory()));
    }
    for (String p : ps) b.provider(p);
    return b.build();
  }

  /** The simulated cloud behind the last {@link #openClient} that used "sim", or null. */
  public static synchronized SimulatedCloud simulatedCloud() {
    return sim;
  }

  /** $DUMONT_HOME or ~/.dumont. */
  public static Path home() {
    String h = System.getenv("DUMONT_HOME");
    return h != null && !h.isBlank() ? Path.of(h) : Path.of(System.getProperty("user.home"), ".dumont");
  }

  /** Pretty JSON of a Map/List tree to stdout. */
  public static void printJson(Object tree) {
    System.out.println(MoshiJsonCodec.get().writePretty(tree));
  }
}
