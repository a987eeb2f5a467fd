package com.dumontcloud.sdk.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.dumontcloud.sdk.server.ServerHarness.Answer;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The dashboard's static shell (no data, no key needed) and its chart library from the WebJar. */
class DashboardTest {
  @TempDir Path dir;

  @Test
  void shellAndAssetsAreServed() {
    try (ServerHarness h = new ServerHarness(dir)) {
      Answer page = h.call("GET", "/", null, null);
      assertThat(page.status()).isEqualTo(200);
      assertThat(page.contentType()).startsWith("text/html");
      assertThat(page.body()).contains("<html").contains("id=\"fleet\"").contains("id=\"timeline\"")
          .contains("id=\"spend-chart\"").contains("id=\"endpoints\"");
      assertThat(h.call("GET", "/dashboard/app.js", null, null).contentType()).startsWith("text/javascript");
      Answer uplot = h.call("GET", "/webjars/uplot/1.6.30/dist/uPlot.iife.min.js", null, null);
      assertThat(uplot.status()).isEqualTo(200);
      assertThat(uplot.body()).contains("uPlot");
      assertThat(h.call("GET", "/dashboard/../api-keys.json", null, null).status()).isEqualTo(404);
      assertThat(h.call("GET", "/webjars/nothing.js", null, null).status()).isEqualTo(404);
    }
  }
}
