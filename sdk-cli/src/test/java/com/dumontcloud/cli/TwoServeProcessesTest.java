package com.dumontcloud.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.dumontcloud.sdk.engine.DeploymentSpec;
import com.dumontcloud.sdk.engine.DeploymentStatus;
import com.dumontcloud.sdk.engine.SpotPolicy;
import com.dumontcloud.sdk.model.Template;
import com.dumontcloud.sdk.model.TemplateCategory;
import com.dumontcloud.sdk.server.RemoteServer;
import com.dumontcloud.sdk.testkit.vast.FakeVastServer;
import com.sun.net.httpserver.HttpServer;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two real {@code dumont serve} processes (child JVMs) on one PostgreSQL (zonky, in-process, loopback) and one
 * account (the fake Vast API): they share the deployments (one lease each), launch nothing twice, and each takes
 * over the other's deployments after it is killed (SIGKILL: no clean hand-over), within the lease TTL plus a tick.
 * Wall-clock time: the engines tick every 5 s with a 12 s lease TTL. It runs beside the module's other test classes
 * (src/test/resources/junit-platform.properties): it mostly waits, and touches no process-wide state (System.out,
 * system properties) that they swap.
 */
@Execution(ExecutionMode.CONCURRENT)
class TwoServeProcessesTest {
  private static final String TTL_SECONDS = "12";
  private static final Duration TAKEOVER = Duration.ofSeconds(12 + 5 + 15); // TTL + one tick + slack for a slow CI
  private static final Template WEB = Template.builder("web", "nginx:1.27").displayName("web").description("a web server")
      .category(TemplateCategory.GENERAL).port(80).healthPath("/health").minGpuRamGib(8).build();

  @TempDir Path tmp;

  @Test
  void twoServersShareTheFleetWithoutDuplicatesAndTakeOverFromEachOther() throws Exception {
    EmbeddedPostgres pg;
    try {
      pg = EmbeddedPostgres.builder().setServerConfig("listen_addresses", "127.0.0.1").start();
    } catch (Throwable t) {
      Assumptions.abort("embedded PostgreSQL (zonky) did not start here: " + t);
      return;
    }
    HttpServer workload = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    workload.createContext("/", ex -> {
      ex.sendResponseHeaders(200, -1);
      ex.close();
    });
    workload.start();
    List<Serve> all = new ArrayList<>();
    try (pg; FakeVastServer vast = FakeVastServer.start().addDefaultCatalog()
        .workloadPort(workload.getAddress().getPort())) {
      String url = pg.getJdbcUrl("postgres", "postgres");
      Serve a = Serve.start(tmp.resolve("a"), url, vast, all);
      Serve b = Serve.start(tmp.resolve("b"), url, vast, all);
      try (RemoteServer ra = a.client(); RemoteServer rb = b.client()) {
        ra.deployments().apply(spec("web-0"));
        rb.deployments().apply(spec("web-1"));
        // a new deployment belongs to the process it was applied on; with two live replicas each keeps one
        await("both deployments healthy, one lease per process", () -> healthy(ra, 2) && owners(pg).size() == 2);
        assertThat(vast.instanceIds()).as("one instance per deployment, nothing rented twice").hasSize(2);
        List<Long> fleet = List.copyOf(vast.instanceIds());

        // either process answers for both, and takes changes to a deployment the other holds
        assertThat(rb.deployments().list()).extracting(DeploymentStatus::id).containsExactlyInAnyOrder("web-0", "web-1");

        a.kill();
        await("b holds every lease after a was killed", () -> owners(pg).values().stream().distinct().count() == 1
            && owners(pg).size() == 2 && owners(pg).values().stream().noneMatch(a::isOwner));
        await("b keeps both deployments healthy", () -> healthy(rb, 2));
        assertThat(vast.instanceIds()).as("b adopted a's instance instead of renting another").isEqualTo(fleet);

        Serve a2 = Serve.start(tmp.resolve("a"), url, vast, all);
        try (RemoteServer ra2 = a2.client()) {
          await("the restarted a gets its fair share back", () -> owners(pg).values().stream().distinct().count() == 2);
          b.kill();
          await("a holds every lease after b was killed", () -> owners(pg).size() == 2
              && owners(pg).values().stream().distinct().count() == 1);
          await("a keeps both deployments healthy", () -> healthy(ra2, 2));
          assertThat(vast.instanceIds()).as("still the same two instances").isEqualTo(fleet);

          ra2.deployments().delete("web-0");
          await("the delete is carried out", () -> vast.instanceIds().size() == 1);
        }
      }
    } finally {
      for (Serve s : all) s.kill();
      workload.stop(0);
    }
  }

  private static DeploymentSpec spec(String id) {
    return DeploymentSpec.builder(id, WEB).replicas(1).spotPolicy(SpotPolicy.ON_DEMAND).build();
  }

  private static boolean healthy(RemoteServer r, int n) {
    try {
      return r.deployments().list().stream().filter(d -> d.healthyReplicas() == 1).count() == n;
    } catch (RuntimeException e) {
      return false;
    }
  }

  /** Deployment → lease owner, for leases that are held and not expired (database time is the engines' clock). */
  private static Map<String, String> owners(EmbeddedPostgres pg) {
    Map<String, String> out = new TreeMap<>();
    try (Connection c = pg.getPostgresDatabase().getConnection(); Statement st = c.createStatement();
        ResultSet rs = st.executeQuery("select deployment_id, owner from dumont_leases where owner is not null "
            + "and expires_at_ms > " + System.currentTimeMillis())) {
      while (rs.next()) out.put(rs.getString(1), rs.getString(2));
    } catch (java.sql.SQLException e) {
      return Map.of(); // the schema is created by the first server
    }
    return out;
  }

  private static void await(String what, BooleanSupplier done) throws InterruptedException {
    long end = System.nanoTime() + TAKEOVER.toNanos();
    while (System.nanoTime() < end) {
      if (done.getAsBoolean()) return;
      Thread.sleep(250); // wall-clock: real processes, real ticks
    }
    throw new AssertionError("timed out after " + TAKEOVER.toSeconds() + " s waiting until " + what);
  }

  /** One {@code dumont serve --provider vast} child JVM with its own state directory and the shared store. */
  static final class Serve {
    private static final Map<Path, String> KEYS = new java.util.concurrent.ConcurrentHashMap<>();
    private static final Pattern LISTENING = Pattern.compile("listening on (http://\\S+) ");
    private static final Pattern KEY = Pattern.compile("\\b(dk_\\S+)");
    final Process process;
    final URI uri;
    /** The API key the server printed when it created its state directory's first key. */
    final String key;

    private Serve(Process process, URI uri, String key) {
      this.process = process;
      this.uri = uri;
      this.key = key;
    }

    RemoteServer client() {
      return RemoteServer.connect(uri, key);
    }

    static Serve start(Path home, String storeUrl, FakeVastServer vast, List<Serve> all) throws Exception {
      Files.createDirectories(home);
      ProcessBuilder pb = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
          "-cp", System.getProperty("java.class.path"), DumontCli.class.getName(),
          "serve", "--provider", "vast", "--port", "0").redirectErrorStream(true);
      Map<String, String> env = pb.environment();
      env.put("DUMONT_HOME", home.toString());
      env.put("DUMONT_STORE_URL", storeUrl);
      env.put("DUMONT_STORE_LEASE_TTL", TTL_SECONDS);
      env.put("DUMONT_VAST_BASE_URL", vast.baseUrl().toString());
      env.put("DUMONT_VAST_API_KEY", FakeVastServer.DEFAULT_API_KEY);
      Process p = pb.start();
      StringBuffer out = new StringBuffer();
      CompletableFuture<URI> listening = new CompletableFuture<>();
      CompletableFuture<String> key = new CompletableFuture<>();
      Thread reader = new Thread(() -> {
        try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
          for (String line; (line = r.readLine()) != null; ) {
            out.append(line).append('\n');
            Matcher k = KEY.matcher(line);
            if (!key.isDone() && k.find()) key.complete(k.group(1));
            Matcher m = LISTENING.matcher(line);
            if (m.find()) listening.complete(URI.create(m.group(1)));
          }
        } catch (IOException ignored) {
          // the process ended
        }
        listening.completeExceptionally(new AssertionError("dumont serve exited before listening:\n" + out));
      }, "serve-output");
      reader.setDaemon(true);
      reader.start();
      URI uri;
      try {
        uri = listening.get(60, TimeUnit.SECONDS);
      } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
        p.destroyForcibly();
        throw new AssertionError("dumont serve did not start within 60 s:\n" + out, e);
      }
      // a restarted server keeps its keys and prints none: reuse the one its first start printed
      Serve s = new Serve(p, uri, key.getNow(KEYS.get(home)));
      if (s.key != null) KEYS.put(home, s.key);
      all.add(s);
      return s;
    }

    /** SIGKILL: no shutdown hook, no lease given back. */
    void kill() throws InterruptedException {
      process.destroyForcibly();
      process.waitFor(30, TimeUnit.SECONDS);
    }

    /** True for this process's lease owner id (host name, process id and random digits). */
    boolean isOwner(String owner) {
      return owner.contains("-" + process.pid() + "-");
    }
  }
}
