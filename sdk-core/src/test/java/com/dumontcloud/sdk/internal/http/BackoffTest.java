package com.dumontcloud.sdk.internal.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.dumontcloud.sdk.exception.ProviderErrorDetails;
import com.dumontcloud.sdk.exception.ProviderServerException;
import com.dumontcloud.sdk.exception.RateLimitedException;
import io.github.resilience4j.core.functions.Either;
import java.time.Duration;
import java.util.Random;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class BackoffTest {
  private static final Duration FLOOR = Duration.ofMillis(500);
  private static final Duration CAP = Duration.ofSeconds(8);

  @Test
  void delay_withoutJitter_doublesFromFloorUpToCap() {
    Backoff b = new Backoff(FLOOR, CAP, () -> 0.5);

    assertThat(IntStream.rangeClosed(1, 7).mapToObj(b::delay).map(Duration::toMillis).toList())
        .containsExactly(500L, 1000L, 2000L, 4000L, 8000L, 8000L, 8000L);
  }

  @Test
  void delay_lowestJitter_neverBelowFloor() {
    Backoff b = new Backoff(FLOOR, CAP, () -> 0.0);

    assertThat(b.delay(1)).isEqualTo(FLOOR);
    assertThat(b.delay(3)).isEqualTo(Duration.ofSeconds(1));
  }

  @Test
  void delay_highestJitter_neverAboveCap() {
    Backoff b = new Backoff(FLOOR, CAP, () -> 0.999_999);

    assertThat(b.delay(1)).isEqualTo(Duration.ofMillis(750));
    assertThat(b.delay(10)).isEqualTo(CAP);
  }

  @Test
  void delay_randomJitter_staysWithinHalfToOneAndAHalfOfBaseAndBounds() {
    Random random = new Random(42);
    Backoff b = new Backoff(FLOOR, CAP, random::nextDouble);

    for (int attempt = 1; attempt <= 10; attempt++) {
      long base = Math.min(CAP.toMillis(), FLOOR.toMillis() << (attempt - 1));
      for (int i = 0; i < 50; i++) {
        long d = b.delay(attempt).toMillis();
        assertThat(d).isBetween(Math.max(FLOOR.toMillis(), base / 2), Math.min(CAP.toMillis(), base * 3 / 2));
      }
    }
  }

  @Test
  void apply_rateLimitedWithRetryAfter_usesRetryAfterEvenAboveCap() {
    Backoff b = new Backoff(FLOOR, CAP, () -> 0.5);
    RateLimitedException e = new RateLimitedException(
        ProviderErrorDetails.of("p", "op", "rate limited").withRetryable(true, Duration.ofSeconds(20)));

    assertThat(b.apply(1, Either.left(e))).isEqualTo(20_000L);
  }

  @Test
  void apply_otherFailure_usesExponential() {
    Backoff b = new Backoff(FLOOR, CAP, () -> 0.5);
    ProviderServerException e = new ProviderServerException(ProviderErrorDetails.of("p", "op", "boom"));

    assertThat(b.apply(3, Either.left(e))).isEqualTo(2000L);
  }
}
