package com.dumontcloud.sdk.vast;

import static org.assertj.core.api.Assertions.assertThat;

import com.dumontcloud.sdk.Dumont;
import com.dumontcloud.sdk.Secret;
import com.dumontcloud.sdk.internal.json.MoshiJsonCodec;
import com.dumontcloud.sdk.spi.CloudProvider;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import okhttp3.mockwebserver.MockResponse;
import okhttp3.mockwebserver.MockWebServer;
import okhttp3.mockwebserver.RecordedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;

/** A fresh MockWebServer and a Dumont client pointed at it per test, plus fixture and request helpers. */
abstract class VastTestSupport {
  static final String KEY = "vast-test-key-5f0c9a7e2b4d6f8a";

  MockWebServer server;
  ManualScheduler scheduler;
  Dumont dumont;
  CloudProvider vast;

  @BeforeEach
  void startServer() throws IOException {
    server = new MockWebServer();
    server.start();
    scheduler = new ManualScheduler();
    dumont = client(s -> s.apiKey(Secret.of(KEY)));
    vast = dumont.provider("vast");
  }

  @AfterEach
  void stopServer() throws IOException {
    if (dumont != null) dumont.close();
    server.shutdown();
  }

  /** A client on the mock server; env and system properties are empty so the machine's settings never leak in. */
  Dumont client(Consumer<com.dumontcloud.sdk.ProviderSettings> settings) {
    return Dumont.builder()
        .provider("vast", s -> {
          s.baseUrl(server.url("/").toString());
          settings.accept(s);
        })
        .scheduler(scheduler)
        .environment(k -> null)
        .systemProperties(k -> null)
        .offerCacheTtl(Duration.ZERO)
        .maxAttempts(1)
        .home(Path.of("target", "dumont-home"))
        .build();
  }

  static String fixture(String name) {
    try (InputStream in = VastTestSupport.class.getResourceAsStream("/fixtures/vast/" + name)) {
      if (in == null) throw new IllegalArgumentException("no fixture " + name);
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A recorded fixture from ../shared (never committed); skips the test when the directory is absent. */
  static String sharedFixture(String name) {
    String dir = System.getProperty("dumont.shared.fixtures");
    Path base = dir != null ? Path.of(dir) : null;
    if (base == null) {
      for (Path p = Path.of("").toAbsolutePath(); p != null; p = p.getParent()) {
        Path c = p.resolveSibling("shared").resolve("fixtures").resolve("vast");
        if (Files.isDirectory(c)) {
          base = c;
          break;
        }
      }
    }
    Path f = base == null ? null : base.resolve(name);
    Assumptions.assumeTrue(f != null && Files.isRegularFile(f),
        "recorded fixture " + name + " not found (../shared/fixtures/vast or -Ddumont.shared.fixtures); skipped");
    try {
      return Files.readString(f);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static MockResponse json(int status, String body) {
    return new MockResponse().setResponseCode(status).setHeader("Content-Type", "application/json").setBody(body);
  }

  static MockResponse jsonResponse(String fixture) {
    return json(200, fixture(fixture));
  }

  void enqueue(MockResponse... rs) {
    for (MockResponse r : rs) server.enqueue(r);
  }

  RecordedRequest take() {
    try {
      RecordedRequest r = server.takeRequest(5, TimeUnit.SECONDS);
      assertThat(r).as("a request was sent").isNotNull();
      return r;
    } catch (InterruptedException e) {
      throw new AssertionError(e);
    }
  }

  /** Assert method, path (with query), the Bearer header, and (when given) the JSON body. */
  RecordedRequest assertSent(String method, String pathAndQuery, String expectedJson) {
    RecordedRequest r = take();
    assertThat(r.getMethod()).isEqualTo(method);
    assertThat(r.getPath()).isEqualTo(pathAndQuery);
    assertThat(r.getHeader("Authorization")).isEqualTo("Bearer " + KEY);
    assertThat(r.getRequestUrl().queryParameterNames()).doesNotContain("api_key");
    if (expectedJson != null) {
      assertThat(r.getHeader("Content-Type")).startsWith("application/json");
      assertThat(parse(r.getBody().readUtf8())).isEqualTo(parse(expectedJson));
    }
    return r;
  }

  static Object parse(String json) {
    return MoshiJsonCodec.get().parse(json);
  }

  @SuppressWarnings("unchecked")
  static Map<String, Object> parseObject(String json) {
    return (Map<String, Object>) parse(json);
  }

  <T> Optional<T> capability(Class<T> type) {
    return vast.capability(type);
  }
}
