package com.dumontcloud.sdk.objectstore;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.dumontcloud.sdk.objectstore.internal.HostScripts;
import com.dumontcloud.sdk.objectstore.internal.Manifest;
import com.dumontcloud.sdk.objectstore.internal.Messages;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ManifestTest {
  @Test
  void manifest_roundTrip_keepsEveryField() {
    Manifest m = new Manifest("svc", List.of(
        new Manifest.Entry(2, "1", "p/svc/1/v2.tar.zst", 12345678901L, "b".repeat(64), "zstd",
            Instant.parse("2025-01-02T03:04:05.678Z"), "i-2"),
        new Manifest.Entry(1, "0", "p/svc/0/v1.tar.gz", 10, "a".repeat(64), "gzip", Instant.EPOCH, null)));

    Manifest back = Manifest.parse("svc", m.toJson());

    assertThat(back.entries()).isEqualTo(m.entries());
    assertThat(back.entries()).extracting(Manifest.Entry::version).containsExactly(1L, 2L);
    assertThat(back.maxVersion()).isEqualTo(2);
  }

  @Test
  void manifest_malformed_saysWhat() {
    assertThatThrownBy(() -> Manifest.parse("svc", "{\"versions\": [{\"version\": 1}]}"))
        .hasMessage("an entry has no 'key'");
    assertThatThrownBy(() -> Manifest.parse("svc", "[")).hasMessage("it is not valid JSON");
  }

  @Test
  void quote_singleQuotes_roundTripThroughSh() throws Exception {
    String nasty = "it's $(rm -rf /) `x` \"y\" \\ z";
    Process p = new ProcessBuilder("/bin/sh", "-c", "printf '%s' " + HostScripts.quote(nasty)).start();
    assertThat(new String(p.getInputStream().readAllBytes())).isEqualTo(nasty);
  }

  @Test
  void curlConfig_escapesQuotes_andRejectsNewlines() {
    assertThat(HostScripts.curlConfig("http://h/k?a=\"b\"", Map.of("x-amz-meta-sha256", "ab")))
        .isEqualTo("url = \"http://h/k?a=\\\"b\\\"\"\nheader = \"x-amz-meta-sha256: ab\"\n");
    assertThatThrownBy(() -> HostScripts.curlConfig("http://h/\nurl = evil", Map.of()))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void scrub_dropsQueryStringsAndSignatures() {
    String s = Messages.scrub("PUT https://b.s3.amazonaws.com/k?X-Amz-Signature=abc&X-Amz-Credential=AKIAXX failed\nnext");
    assertThat(s).isEqualTo("PUT https://b.s3.amazonaws.com/k?… failed next");
  }
}
