package com.dumontcloud.sdk.spi;

import com.dumontcloud.sdk.spi.support.HttpTransport;
import com.dumontcloud.sdk.spi.support.JsonCodec;
import com.dumontcloud.sdk.time.Scheduler;
import java.nio.file.Path;

/** What the core hands a provider when creating it. */
public interface ProviderContext {
  String providerId();

  ProviderConfig config();

  /** The shared, resilient HTTP transport (retries, circuit breaker, error mapping, redaction). */
  HttpTransport http();

  JsonCodec json();

  /** Clock and timers; virtual in tests. */
  Scheduler scheduler();

  /** A fresh idempotency key (URL-safe, unique). */
  String newIdempotencyKey();

  /** A directory where the provider may keep state ({@code $DUMONT_HOME/<provider>}). */
  Path stateDirectory();
}
