package com.dumontcloud.examples.readme;

import com.dumontcloud.sdk.Dumont;
import com.dumontcloud.sdk.catalog.TemplateCatalog;
import com.dumontcloud.sdk.serverless.Endpoint;
import com.dumontcloud.sdk.serverless.EndpointSpec;
import com.dumontcloud.sdk.serverless.Endpoints;
import com.dumontcloud.sdk.serverless.MachineType;
import com.dumontcloud.sdk.serverless.ServerlessStats;
import com.dumontcloud.sdk.serverless.openai.ChatRequest;
import com.dumontcloud.sdk.serverless.openai.Completion;
import java.time.Duration;

/** README "Serverless endpoints": an endpoint that scales from zero answers a chat request. */
public final class ReadmeServerless {
  private ReadmeServerless() {}

  /** Runs the README's code on {@code dumont}; returns the answer and the stats, and deletes the endpoint. */
  public static String run(Dumont dumont) {
    // README:begin
    Endpoints endpoints = Endpoints.builder(dumont).build();
    Endpoint ep = endpoints.create(EndpointSpec.builder(TemplateCatalog.get("qwen2.5-0.5b"))
        .replicas(0, 5).machineType(MachineType.SPOT).idleTimeout(Duration.ofMinutes(5)).build());
    Completion c = endpoints.client(ep.id()).chat(ChatRequest.of("qwen", "Say hello"));   // first call scales from 0
    ServerlessStats stats = endpoints.stats();   // total_requests_24h, avg_latency_ms, cold_starts_24h, ...
    // README:end
    try {
      return c.text() + " | requests " + stats.totalRequests24h();
    } finally {
      endpoints.delete(ep.id());
      endpoints.close();
    }
  }
}
