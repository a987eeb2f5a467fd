package com.dumontcloud.cli;

import com.dumontcloud.cli.demo.EngineDemo;
import com.dumontcloud.cli.demo.ServerlessDemo;
import com.dumontcloud.sdk.spi.support.Json;
import com.dumontcloud.sdk.spi.support.JsonCodec;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code dumont demo}: the whole story on the simulated cloud, in virtual time, no credentials. */
@Command(name = "demo", description = {"Run the demo on the simulated cloud (virtual time, no credentials).",
    "Offer search, a Qwen 2.5 0.5B service with warm pool and CPU standby, a spot",
    "interruption and its failover, hibernation, a cost report, then a serverless",
    "endpoint scaling 0..N."})
final class DemoCommand implements Callable<Integer> {
  @picocli.CommandLine.Mixin Output out;

  @Option(names = "--seed", paramLabel = "N", description = "Seed of the simulated cloud.")
  long seed = 42;

  @Option(names = "--skip-serverless", description = "Only the engine part.")
  boolean skipServerless;

  @Override
  public Integer call() {
    boolean json = out.machine();
    if (!json) {
      System.out.println("== Part 1: a spot deployment that survives interruptions (virtual time) ==");
      int rc = EngineDemo.run(System.out, false, seed, out.view());
      if (rc != 0 || skipServerless) return rc;
      System.out.println();
      System.out.println("== Part 2: a serverless endpoint scaling from zero on spot capacity ==");
      return failed(ServerlessDemo.run(System.out, false, seed, out.view())) ? 1 : 0;
    }
    ByteArrayOutputStream buf = new ByteArrayOutputStream();
    int rc = EngineDemo.run(new PrintStream(buf, true, StandardCharsets.UTF_8), true, seed, out.view());
    if (rc != 0) {
      System.out.print(buf.toString(StandardCharsets.UTF_8));
      return rc;
    }
    Map<String, Object> root = Json.obj(JsonCodec.standard().parse(buf.toString(StandardCharsets.UTF_8)), "demo");
    Map<String, Object> serverless = skipServerless ? null : ServerlessDemo.run(System.out, true, seed, out.view());
    if (serverless != null) root.put("serverless", serverless);
    out.printData(out.annotate(root));
    return serverless != null && failed(serverless) ? 1 : 0;
  }

  private static boolean failed(Map<String, Object> part) {
    return part.get("failures") instanceof java.util.List<?> l && !l.isEmpty();
  }
}
