package com.dumontcloud.sdk.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.dumontcloud.sdk.model.Instance;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

/**
 * The dashboard in a real headless Chromium (Debian's {@code chromium} and {@code chromium-driver}; {@code .ci/run}
 * installs them): the fleet, a deployment and its failover after a spot interruption show up, live. Skipped with a
 * message where no browser is installed.
 */
class DashboardBrowserTest {
  @TempDir Path dir;

  static Path firstExisting(String... paths) {
    for (String p : paths) if (Files.isExecutable(Path.of(p))) return Path.of(p);
    return null;
  }

  @Test
  void fleetDeploymentAndFailoverAreVisible() throws Exception {
    Path browser = firstExisting("/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome");
    Path driverBin = firstExisting("/usr/bin/chromedriver", "/usr/lib/chromium/chromedriver");
    Assumptions.assumeTrue(browser != null && driverBin != null,
        "no headless browser here: install chromium and chromium-driver (apt-get install -y chromium chromium-driver)"
            + " to run the dashboard test");
    try (ServerHarness h = new ServerHarness(dir)) {
      h.call("POST", "/api/v1/deployments",
          "{\"id\": \"web\", \"template\": \"budget\", \"replicas\": 1, \"spot_policy\": \"spot\"}");
      for (int i = 0; i < 120 && !healthy(h); i++) h.vs.advanceBy(Duration.ofSeconds(1));
      ChromeOptions o = new ChromeOptions().setBinary(browser.toFile()).addArguments("--headless=new", "--no-sandbox",
          "--disable-gpu", "--disable-dev-shm-usage", "--window-size=1400,1000");
      ChromeDriverService svc = new ChromeDriverService.Builder().usingDriverExecutable(driverBin.toFile())
          .usingAnyFreePort().build();
      ChromeDriver web = new ChromeDriver(svc, o);
      try {
        web.get(h.server.uri() + "/");
        web.findElement(By.id("key")).sendKeys(h.key);
        web.findElement(By.cssSelector("#keyform button")).click();
        await(() -> web.findElement(By.cssSelector("#fleet tbody")).getText().contains("sim-"), "fleet rows");
        await(() -> web.findElement(By.id("conn")).getText().equals("live"), "the event stream");
        List<Instance> before = h.sim.liveInstances();
        h.sim.interrupt(before.get(0).id());
        for (int i = 0; i < 180 && !web.findElement(By.id("timeline")).getText().contains("failover_completed"); i++) {
          h.vs.advanceBy(Duration.ofSeconds(1));
          LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(20));
        }
        await(() -> web.findElement(By.id("timeline")).getText().contains("interrupted"), "the interruption");
        await(() -> web.findElement(By.id("timeline")).getText().contains("failover"), "the failover");
        assertThat(web.findElement(By.cssSelector("#deployments tbody")).getText()).contains("web");
        Path shot = Path.of("target", "dashboard.png");
        Files.write(shot, web.getScreenshotAs(OutputType.BYTES));
      } finally {
        web.quit();
      }
    }
  }

  private static boolean healthy(ServerHarness h) {
    return h.engine.get("web").map(s -> s.healthyReplicas() >= 1).orElse(false);
  }

  private static void await(BooleanSupplier cond, String what) {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (!cond.getAsBoolean()) {
      if (System.nanoTime() > deadline) throw new AssertionError("the dashboard did not show " + what);
      LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(100));
    }
  }
}
