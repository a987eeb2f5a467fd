package com.dumontcloud.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.dumontcloud.sdk.model.Instance;
import com.dumontcloud.sdk.model.Labels;
import com.dumontcloud.sdk.server.ApiKeys;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.sun.net.httpserver.HttpServer;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** OIDC settings and team quotas in {@code config.yaml}: resolution, checks, and what serve and the engine do. */
class CliEnterpriseConfigTest extends CliTestBase {
  @Test
  void oidcSettings_flagOverEnvironmentOverConfigFile_elseTheDefault() {
    assertThat(run("config", "set", "oidc.issuer", "https://file.example/realms/ml")).as(stderr()).isZero();
    assertThat(run("config", "set", "oidc.audience", "file-aud")).isZero();
    ServeCommand cmd = new ServeCommand();

    ServeCommand.OidcSettings s = cmd.oidcSettings(CliConfig.load());
    assertThat(s.issuer()).isEqualTo(new ServeCommand.Resolved("https://file.example/realms/ml",
        "config.yaml oidc.issuer"));
    assertThat(s.audience().value()).isEqualTo("file-aud");
    assertThat(s.groupsClaim()).isEqualTo(new ServeCommand.Resolved("groups", "default"));
    assertThat(s.roleMapping().isSet()).isFalse();

    System.setProperty("dumont.oidc.issuer", "https://env.example"); // stands for DUMONT_OIDC_ISSUER
    try {
      assertThat(cmd.oidcSettings(CliConfig.load()).issuer())
          .isEqualTo(new ServeCommand.Resolved("https://env.example", "property dumont.oidc.issuer"));
      cmd.oidcIssuer = "https://flag.example";
      assertThat(cmd.oidcSettings(CliConfig.load()).issuer())
          .isEqualTo(new ServeCommand.Resolved("https://flag.example", "--oidc-issuer"));
      assertThat(cmd.oidcSettings(CliConfig.load()).audience().value()).isEqualTo("file-aud"); // each key on its own
    } finally {
      System.clearProperty("dumont.oidc.issuer");
    }

    // a bad value from the file names the file's key
    assertThat(run("config", "set", "oidc.issuer", "http://idp.example.com")).isZero();
    cmd.oidcIssuer = null;
    org.assertj.core.api.Assertions.assertThatThrownBy(cmd::start).hasMessageNotContaining("\n")
        .hasMessageContaining("must be an https URL").hasMessageContaining("config.yaml: oidc.issuer");
    assertThat(Files.exists(home.resolve("server/server.json"))).isFalse();
  }

  @Test
  void serve_withOidcAndAQuotaOnlyInConfigYaml_acceptsTheTeamsTokenAndRefusesItsSecondLaunch() throws Exception {
    ECKey key = new ECKeyGenerator(Curve.P_256).keyID("k1").generate();
    HttpServer idp = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    String issuer = "http://127.0.0.1:" + idp.getAddress().getPort() + "/realms/ml";
    idp.createContext("/realms/ml/.well-known/openid-configuration", x -> answer(x,
        "{\"issuer\":\"" + issuer + "\",\"jwks_uri\":\"" + issuer + "/certs\"}"));
    idp.createContext("/realms/ml/certs", x -> answer(x, new JWKSet(key.toPublicJWK()).toString()));
    idp.start();
    try {
      Files.writeString(CliConfig.path(), "oidc:\n  issuer: " + issuer + "\n  audience: dumont\n"
          + "  groups-claim: realm_access.roles\nquotas:\n  ml:\n    max-concurrent-instances: 1\n");
      SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.ES256).keyID("k1").build(),
          new JWTClaimsSet.Builder().issuer(issuer).audience("dumont").subject("alice")
              .expirationTime(Date.from(Instant.now().plusSeconds(300))).issueTime(new Date())
              .claim("realm_access", Map.of("roles", List.of("developer", "team:ml"))).build());
      jwt.sign(new ECDSASigner(key));

      ServeCommand cmd = new ServeCommand();
      cmd.port = 0;
      cmd.host = "127.0.0.1";
      try (ServeCommand.Running r = cmd.start()) {
        String launch = r.server.uri() + "/api/v1/providers/sim/instances";
        HttpResponse<String> first = post(launch, jwt.serialize());
        assertThat(first.statusCode()).as(first.body()).isEqualTo(200);
        List<Instance> ml = r.dumont.instances().list().stream().filter(i -> "ml".equals(i.label(Labels.TEAM))).toList();
        assertThat(ml).singleElement().satisfies(i -> assertThat(i.label(Labels.PRINCIPAL)).isEqualTo("alice"));

        HttpResponse<String> second = post(launch, jwt.serialize());
        assertThat(second.statusCode()).isEqualTo(409);
        assertThat(second.body()).contains("team ml: 2 instances would exceed max_concurrent_instances=1");
        // the quota is the team's, whoever asks: an API key of team ml is refused as well
        String teamKey = ApiKeys.open(ServeCommand.serverDir()).create("ci", List.of("developer"), List.of("ml")).token();
        assertThat(post(launch, teamKey).statusCode()).isEqualTo(409);
        assertThat(r.dumont.instances().list()).hasSize(1);
      }
    } finally {
      idp.stop(0);
    }
  }

  @Test
  void quotaInConfigYaml_limitsAOneShotEnginesTeamDeployment() throws Exception {
    assertThat(run("config", "set", "quotas.ml.max-concurrent-instances", "1")).as(stderr()).isZero();
    var spec = home.resolve("web.yaml");
    Files.writeString(spec, "id: web\ntemplate: budget\nreplicas: 2\nlabels:\n  dumont-team: ml\n");
    assertThat(run("deployments", "apply", "-f", spec.toString(), "--json")).as(stderr()).isZero();
    assertThat(CliContext.simulatedCloud().liveInstances()).hasSize(1);

    Files.writeString(spec, "id: web2\ntemplate: budget\nreplicas: 2\nlabels:\n  dumont-team: ops\n"); // no quota
    assertThat(run("deployments", "apply", "-f", spec.toString(), "--json")).as(stderr()).isZero();
    assertThat(CliContext.simulatedCloud().liveInstances()).hasSize(3);
  }

  @Test
  void quotas_setChecksEachValue_fileKeepsNumbers_viewShowsThem_andABadFileValueFailsInOneLine() throws Exception {
    assertThat(run("config", "set", "quotas.ml-research.max-concurrent-instances", "x")).isEqualTo(1);
    assertThat(stderr().strip()).doesNotContain("\n")
        .contains("quotas.ml-research.max-concurrent-instances: expected a whole number >= 0, got \"x\"; set it with "
            + "'dumont config set quotas.ml-research.max-concurrent-instances 4'");
    assertThat(run("config", "set", "quotas.ml-research.warn-at-budget-percent", "0")).isEqualTo(1);
    assertThat(stderr()).contains("expected a whole number 1-100, got \"0\"");
    assertThat(run("config", "set", "quotas.ml-research.max-monthly-budget-usd", "NaN")).isEqualTo(1);
    assertThat(stderr()).contains("expected a number >= 0, got \"NaN\"");
    assertThat(run("config", "set", "quotas.ml-research.max-instances", "3")).isEqualTo(1);
    assertThat(stderr()).contains("quotas.ml-research.max-instances: unknown quota key (keys: max-concurrent-instances, "
        + "max-gpu-hours-per-month, max-monthly-budget-usd, warn-at-gpu-hours-percent, warn-at-budget-percent)");
    assertThat(run("config", "set", "quotas.ml research.max-concurrent-instances", "3")).isEqualTo(1);
    assertThat(stderr()).contains("quotas.ml research: team name must be 1-63 letters");
    assertThat(Files.exists(CliConfig.path())).isFalse();

    assertThat(run("config", "set", "quotas.ml-research.max-concurrent-instances", "4")).as(stderr()).isZero();
    assertThat(run("config", "set", "quotas.ml-research.max-gpu-hours-per-month", "500")).isZero();
    assertThat(run("config", "set", "quotas.ml-research.max-monthly-budget-usd", "1000.50")).isZero();
    assertThat(run("config", "set", "quotas.ml-research.warn-at-budget-percent", "90")).isZero();
    assertThat(run("config", "set", "oidc.audience", "dumont")).isZero();
    assertThat(Files.readString(CliConfig.path())).contains("""
        oidc:
          audience: dumont
        quotas:
          ml-research:
            max-concurrent-instances: 4
            max-gpu-hours-per-month: 500
            max-monthly-budget-usd: 1000.5
            warn-at-budget-percent: 90
        """);
    assertThat(CliConfig.load().teamQuotas()).singleElement().satisfies(q -> {
      assertThat(q.team()).isEqualTo("ml-research");
      assertThat(q.maxConcurrentInstances()).isEqualTo(4);
      assertThat(q.maxGpuHoursPerMonth()).isEqualTo(500.0);
      assertThat(q.maxMonthlyBudgetUsd()).isEqualTo(1000.5);
      assertThat(q.warnAtBudgetPercent()).isEqualTo(90);
      assertThat(q.warnAtGpuHoursPercent()).isEqualTo(80);
    });
    assertThat(run("config", "view", "-o", "json")).as(stderr()).isZero();
    assertThat(json()).containsEntry("oidc.audience", "dumont");
    assertThat(json().get("quotas")).isEqualTo(Map.of("ml-research", Map.of("max-concurrent-instances", 4.0,
        "max-gpu-hours-per-month", 500.0, "max-monthly-budget-usd", 1000.5, "warn-at-budget-percent", 90.0)));
    assertThat(run("config", "view")).isZero();
    assertThat(stdout()).containsPattern("ml-research +max-concurrent-instances +4")
        .containsPattern("oidc.audience +dumont +config.yaml");

    // a value written by hand is checked when a client is opened, naming the file and the key
    Files.writeString(CliConfig.path(), "quotas:\n  ml-research:\n    max-gpu-hours-per-month: lots\n");
    assertThat(run("instances", "list")).isEqualTo(1);
    assertThat(stderr().strip()).doesNotContain("\n").contains(CliConfig.path() + ": quotas.ml-research."
        + "max-gpu-hours-per-month: expected a number >= 0, got \"lots\"");
    assertThat(run("config", "set", "quotas.ml-research.max-gpu-hours-per-month", "20")).isZero(); // the fix
    assertThat(run("instances", "list")).as(stderr()).isZero();
    Files.writeString(CliConfig.path(), "quotas:\n  ml-research:\n    warn-at: [0.8, 0.9]\n");
    assertThat(run("config", "view")).isEqualTo(1);
    assertThat(stderr()).contains("unknown quota key");
  }

  private static void answer(com.sun.net.httpserver.HttpExchange x, String body) throws java.io.IOException {
    byte[] b = body.getBytes(StandardCharsets.UTF_8);
    x.sendResponseHeaders(200, b.length);
    x.getResponseBody().write(b);
    x.close();
  }

  private static HttpResponse<String> post(String url, String bearer) throws Exception {
    HttpRequest req = HttpRequest.newBuilder(URI.create(url)).header("Authorization", "Bearer " + bearer)
        .header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString("{\"template_name\":\"budget\"}")).build();
    return HttpClient.newHttpClient().send(req, HttpResponse.BodyHandlers.ofString());
  }
}
