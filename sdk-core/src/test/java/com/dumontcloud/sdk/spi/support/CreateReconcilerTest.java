package com.dumontcloud.sdk.spi.support;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.dumontcloud.sdk.exception.AuthenticationException;
import com.dumontcloud.sdk.exception.CallTimeoutException;
import com.dumontcloud.sdk.exception.ProviderErrorDetails;
import com.dumontcloud.sdk.exception.ProviderServerException;
import com.dumontcloud.sdk.internal.http.FakeScheduler;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class CreateReconcilerTest {
  private final FakeScheduler clock = new FakeScheduler(Instant.parse("2026-01-01T00:00:00Z"));
  private final CallTimeoutException ambiguous = new CallTimeoutException("launch timed out", null, "vast", 1);
  private final List<Instant> lookups = new ArrayList<>();

  @Test
  void reconcile_foundAfterSettling_returnsIt_atZeroTwoAndSevenSeconds() {
    String found = CreateReconciler.<String>builder(clock, "vast", "launch").find(() -> {
      lookups.add(clock.now());
      return lookups.size() == 3 ? Optional.of("42") : Optional.empty();
    }).build().reconcile(ambiguous);
    assertThat(found).isEqualTo("42");
    Instant t0 = Instant.parse("2026-01-01T00:00:00Z");
    assertThat(lookups).containsExactly(t0, t0.plusSeconds(2), t0.plusSeconds(7));
  }

  @Test
  void reconcile_notFound_rethrowsTheCause() {
    assertThatThrownBy(() -> CreateReconciler.<String>builder(clock, "vast", "launch").find(() -> {
      lookups.add(clock.now());
      return Optional.empty();
    }).build().reconcile(ambiguous)).isSameAs(ambiguous);
    assertThat(lookups).hasSize(3);
  }

  @Test
  void reconcile_retryableLookupFailure_keepsLooking_andIsSuppressed() {
    ProviderServerException flaky = new ProviderServerException(
        ProviderErrorDetails.of("vast", "list", "503").withRetryable(true, null));
    assertThatThrownBy(() -> CreateReconciler.<String>builder(clock, "vast", "launch").find(() -> {
      lookups.add(clock.now());
      throw flaky;
    }).build().reconcile(ambiguous)).isSameAs(ambiguous);
    assertThat(lookups).hasSize(3);
    assertThat(ambiguous.getSuppressed()).containsOnly(flaky);
  }

  @Test
  void reconcile_nonRetryableLookupFailure_stopsAtOnce() {
    AuthenticationException auth = new AuthenticationException(ProviderErrorDetails.of("vast", "list", "bad key"));
    assertThatThrownBy(() -> CreateReconciler.<String>builder(clock, "vast", "launch").find(() -> {
      lookups.add(clock.now());
      throw auth;
    }).build().reconcile(ambiguous)).isSameAs(ambiguous);
    assertThat(lookups).hasSize(1);
    assertThat(ambiguous.getSuppressed()).containsExactly(auth);
  }

  @Test
  void settle_customSchedule_waitsFirst() {
    CreateReconciler.<String>builder(clock, "td", "create").find(() -> {
      lookups.add(clock.now());
      return Optional.of("x");
    }).settle(false, Duration.ofSeconds(10), 1.0, 2).build().reconcile(ambiguous);
    assertThat(lookups).containsExactly(Instant.parse("2026-01-01T00:00:10Z"));
  }
}
