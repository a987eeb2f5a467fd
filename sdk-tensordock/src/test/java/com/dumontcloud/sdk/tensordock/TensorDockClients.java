package com.dumontcloud.sdk.tensordock;

import com.dumontcloud.sdk.Dumont;
import com.dumontcloud.sdk.Secret;
import com.dumontcloud.sdk.time.Scheduler;
import com.dumontcloud.sdk.testkit.tensordock.FakeTensorDockServer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

/** Clients of the TensorDock fake for the tests: v2 or v0, no environment, offers never cached. */
final class TensorDockClients {
  private TensorDockClients() {}

  static Dumont v2(FakeTensorDockServer fake, Scheduler time, Path home, int attempts) {
    return v2(fake, fake.token(), time, home, attempts, Map.of());
  }

  static Dumont v2(FakeTensorDockServer fake, String token, Scheduler time, Path home, int attempts,
      Map<String, String> extra) {
    return Dumont.builder()
        .provider("tensordock", s -> {
          s.secret("api-token", Secret.of(token)).baseUrl(fake.baseUrl());
          extra.forEach(s::set);
        })
        .scheduler(time).environment(k -> null).systemProperties(k -> null)
        .offerCacheTtl(Duration.ZERO).maxAttempts(attempts).home(home).build();
  }

  static Dumont v0(FakeTensorDockServer fake, Scheduler time, Path home, int attempts, Map<String, String> extra) {
    return v0(fake, fake.v0Key(), time, home, attempts, extra);
  }

  static Dumont v0(FakeTensorDockServer fake, String key, Scheduler time, Path home, int attempts,
      Map<String, String> extra) {
    return Dumont.builder()
        .provider("tensordock", s -> {
          s.set("api-version", "v0").secret("api-key", Secret.of(key)).secret("api-token", Secret.of(fake.token()))
              .baseUrl(fake.v0BaseUrl());
          extra.forEach(s::set);
        })
        .scheduler(time).environment(k -> null).systemProperties(k -> null)
        .offerCacheTtl(Duration.ZERO).maxAttempts(attempts).home(home).build();
  }
}
