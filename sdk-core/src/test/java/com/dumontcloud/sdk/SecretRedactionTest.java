package com.dumontcloud.sdk;

import static org.assertj.core.api.Assertions.assertThat;

import com.dumontcloud.sdk.spi.support.HttpCall;
import org.junit.jupiter.api.Test;

/** toString() of the types that hold credentials never prints them. */
class SecretRedactionTest {
  private static final String PLANTED = "sk-PLANTED-SECRET-123";

  @Test
  void secret_toString_isMask() {
    Secret s = Secret.of(PLANTED);

    assertThat(s.toString()).isEqualTo("****");
    assertThat(String.valueOf(s)).doesNotContain(PLANTED);
    assertThat(s.reveal()).isEqualTo(PLANTED);
  }

  @Test
  void providerSettings_toString_namesKeysNotValues() {
    ProviderSettings p = new ProviderSettings().apiKey(Secret.of(PLANTED)).baseUrl("http://localhost:1")
        .secret("ssh-key", Secret.of(PLANTED + "-ssh"));

    assertThat(p.toString()).doesNotContain(PLANTED).contains("api-key", "ssh-key", "base-url");
  }

  @Test
  void httpCall_toString_hidesBearerHeadersBodyAndKeyQuery() {
    HttpCall call = HttpCall.builder("vast", "launch")
        .post("https://console.vast.ai/api/v0/asks/1/?api_key=" + PLANTED, "{\"api_key\":\"" + PLANTED + "\"}")
        .bearer(Secret.of(PLANTED)).header("X-Api-Key", PLANTED).build();

    assertThat(call.toString()).doesNotContain(PLANTED).contains("vast", "launch", "POST", "api_key=****");
  }
}
