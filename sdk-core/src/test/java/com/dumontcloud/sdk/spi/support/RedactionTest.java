package com.dumontcloud.sdk.spi.support;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class RedactionTest {
  private static final String PLANTED = "sk-PLANTED-SECRET-123";

  @ParameterizedTest
  @ValueSource(strings = {
      "{\"api_key\":\"sk-PLANTED-SECRET-123\"}",
      "{\"apiKey\": \"sk-PLANTED-SECRET-123\"}",
      "{\"access_token\":\"sk-PLANTED-SECRET-123\",\"x\":1}",
      "Authorization: Bearer sk-PLANTED-SECRET-123",
      "GET /bundles?api_key=sk-PLANTED-SECRET-123&q=1",
      "https://x/y?key=sk-PLANTED-SECRET-123",
      "api_key=sk-PLANTED-SECRET-123&other=1",
      "password=sk-PLANTED-SECRET-123",
  })
  void redact_credentialShapes_masksValue(String text) {
    assertThat(Redaction.redact(text)).doesNotContain(PLANTED).contains(Redaction.MASK);
  }

  @Test
  void redact_ordinaryText_unchanged() {
    assertThat(Redaction.redact("{\"gpu_name\":\"RTX 4090\",\"dph_total\":0.4}"))
        .isEqualTo("{\"gpu_name\":\"RTX 4090\",\"dph_total\":0.4}");
  }

  @Test
  void excerpt_secretUnderUnexpectedName_isScrubbedWhenKnown() {
    String body = "{\"msg\":\"key " + PLANTED + " is invalid\"}";

    assertThat(Redaction.excerpt(body)).contains(PLANTED);
    assertThat(Redaction.excerpt(body, List.of(PLANTED))).doesNotContain(PLANTED).contains("key **** is invalid");
  }

  @Test
  void excerpt_secretStraddlingTruncation_isScrubbedBeforeTruncating() {
    String body = "x".repeat(Redaction.MAX_EXCERPT - 5) + PLANTED + "y".repeat(100);

    String excerpt = Redaction.excerpt(body, List.of(PLANTED));

    assertThat(excerpt).doesNotContain("sk-PL").endsWith("chars)");
  }

  @Test
  void excerpt_longBody_truncatedWithOriginalLength() {
    String excerpt = Redaction.excerpt("a".repeat(2000));

    assertThat(excerpt).startsWith("a".repeat(Redaction.MAX_EXCERPT)).endsWith("…(2000 chars)");
  }

  @Test
  void scrub_shortValues_ignored() {
    assertThat(Redaction.scrub("id=abc", List.of("abc"))).isEqualTo("id=abc");
  }

  @ParameterizedTest
  @ValueSource(strings = {"Authorization", "X-Api-Key", "api_key", "Cookie", "access_token", "key", "X-Auth-Token",
      "client_secret"})
  void isSensitiveName_credentialNames_true(String name) {
    assertThat(Redaction.isSensitiveName(name)).isTrue();
  }

  @ParameterizedTest
  @ValueSource(strings = {"Content-Type", "Idempotency-Key-Hint-Not", "gpu_name", "q", "monkey"})
  void isSensitiveName_otherNames_false(String name) {
    assertThat(Redaction.isSensitiveName(name)).isFalse();
  }
}
