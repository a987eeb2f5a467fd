package com.dumontcloud.sdk.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.dumontcloud.sdk.access.Principal;
import com.dumontcloud.sdk.testkit.VirtualScheduler;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.PlainJWT;
import com.nimbusds.jwt.SignedJWT;
import com.sun.net.httpserver.HttpServer;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** OIDC against a loopback issuer whose keys are generated at run time. */
class OidcAuthenticatorTest {
  HttpServer issuerServer;
  String issuer;
  final AtomicReference<List<JWK>> published = new AtomicReference<>();
  final AtomicInteger jwksFetches = new AtomicInteger();
  final VirtualScheduler vs = VirtualScheduler.create();
  RSAKey rsa;
  ECKey ec;
  OidcAuthenticator oidc;

  @BeforeEach
  void start() throws Exception {
    rsa = new RSAKeyGenerator(2048).keyID("rsa-1").generate();
    ec = new ECKeyGenerator(Curve.P_256).keyID("ec-1").generate();
    published.set(List.of(rsa.toPublicJWK(), ec.toPublicJWK()));
    issuerServer = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    issuer = "http://127.0.0.1:" + issuerServer.getAddress().getPort() + "/realms/ml";
    issuerServer.createContext("/realms/ml/.well-known/openid-configuration", x -> {
      byte[] b = ("{\"issuer\":\"" + issuer + "\",\"jwks_uri\":\"" + issuer + "/certs\"}").getBytes(StandardCharsets.UTF_8);
      x.sendResponseHeaders(200, b.length);
      x.getResponseBody().write(b);
      x.close();
    });
    issuerServer.createContext("/realms/ml/certs", x -> {
      jwksFetches.incrementAndGet();
      byte[] b = new JWKSet(published.get()).toString().getBytes(StandardCharsets.UTF_8);
      x.sendResponseHeaders(200, b.length);
      x.getResponseBody().write(b);
      x.close();
    });
    issuerServer.start();
    oidc = OidcAuthenticator.builder(issuer, "dumont").clock(vs.clock()).clockSkew(Duration.ofSeconds(30)).build();
  }

  @AfterEach
  void stop() {
    issuerServer.stop(0);
  }

  JWTClaimsSet.Builder claims() {
    Instant now = vs.now();
    return new JWTClaimsSet.Builder().issuer(issuer).audience("dumont").subject("u-42")
        .expirationTime(Date.from(now.plusSeconds(300))).issueTime(Date.from(now))
        .claim("groups", List.of("developer", "team:ml"));
  }

  String rs256(RSAKey k, JWTClaimsSet c) throws Exception {
    SignedJWT j = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(k.getKeyID()).build(), c);
    j.sign(new RSASSASigner(k));
    return j.serialize();
  }

  String es256(ECKey k, JWTClaimsSet c) throws Exception {
    SignedJWT j = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.ES256).keyID(k.getKeyID()).build(), c);
    j.sign(new ECDSASigner(k));
    return j.serialize();
  }

  @Test
  void validRs256AndEs256_becomePrincipals() throws Exception {
    Principal p = oidc.authenticate(rs256(rsa, claims().build()));
    assertThat(p.subject()).isEqualTo("u-42");
    assertThat(p.roleNames()).containsExactly("developer");
    assertThat(p.teams()).containsExactly("ml");
    assertThat(p.authenticatedBy()).isEqualTo("oidc:" + issuer);
    assertThat(oidc.authenticate(es256(ec, claims().build())).subject()).isEqualTo("u-42");
    assertThat(jwksFetches.get()).isEqualTo(1); // discovery and keys cached
  }

  @Test
  void expiryAndNotBefore_withBoundedSkew() throws Exception {
    String t = rs256(rsa, claims().build());
    vs.advanceBy(Duration.ofSeconds(300 + 29));
    assertThat(oidc.authenticate(t).subject()).isEqualTo("u-42"); // within the 30 s skew
    vs.advanceBy(Duration.ofSeconds(1));
    assertThatThrownBy(() -> oidc.authenticate(t)).hasMessageContaining("expired at");
    String future = rs256(rsa, claims().notBeforeTime(Date.from(vs.now().plusSeconds(31))).build());
    assertThatThrownBy(() -> oidc.authenticate(future)).hasMessageContaining("not valid before");
    String soon = rs256(rsa, claims().notBeforeTime(Date.from(vs.now().plusSeconds(29))).build());
    assertThat(oidc.authenticate(soon).subject()).isEqualTo("u-42");
    String noExp = rs256(rsa, claims().expirationTime(null).build());
    assertThatThrownBy(() -> oidc.authenticate(noExp)).hasMessageContaining("no expiry");
  }

  @Test
  void wrongAudienceAndIssuer_areRefused() throws Exception {
    assertThatThrownBy(() -> oidc.authenticate(rs256(rsa, claims().audience("other-app").build())))
        .hasMessageContaining("audience [other-app] does not contain 'dumont'");
    assertThatThrownBy(() -> oidc.authenticate(rs256(rsa, claims().issuer("https://evil.example").build())))
        .hasMessageContaining("issuer 'https://evil.example' is not " + issuer);
  }

  @Test
  void algNone_hsRsConfusion_andForeignKeys_areRefused() throws Exception {
    String none = new PlainJWT(claims().build()).serialize();
    assertThatThrownBy(() -> oidc.authenticate(none)).hasMessageContaining("not a signed JWT");
    // HS256 with the RSA public key as the HMAC secret: the classic confusion attack
    SignedJWT hs = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.HS256).keyID("rsa-1").build(), claims().build());
    hs.sign(new MACSigner(rsa.toPublicKey().getEncoded()));
    assertThatThrownBy(() -> oidc.authenticate(hs.serialize())).hasMessageContaining("only RS256 and ES256");
    // a key the issuer never published, under a published kid
    RSAKey forged = new RSAKeyGenerator(2048).keyID("rsa-1").generate();
    assertThatThrownBy(() -> oidc.authenticate(rs256(forged, claims().build())))
        .hasMessageContaining("signature does not verify");
    // the signature over altered claims
    String t = rs256(rsa, claims().build());
    String[] parts = t.split("\\.");
    String altered = parts[0] + "." + java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(
        claims().subject("admin").build().toString().getBytes(StandardCharsets.UTF_8)) + "." + parts[2];
    assertThatThrownBy(() -> oidc.authenticate(altered)).hasMessageContaining("signature does not verify");
  }

  @Test
  void rotation_unknownKidRefetchesAtMostOncePerInterval() throws Exception {
    assertThat(oidc.authenticate(rs256(rsa, claims().build())).subject()).isEqualTo("u-42");
    RSAKey next = new RSAKeyGenerator(2048).keyID("rsa-2").generate();
    published.set(List.of(next.toPublicJWK(), ec.toPublicJWK())); // the issuer rotates
    vs.advanceBy(Duration.ofSeconds(61));
    assertThat(oidc.authenticate(rs256(next, claims().build())).subject()).isEqualTo("u-42");
    assertThat(jwksFetches.get()).isEqualTo(2);
    // unknown kids do not hammer the issuer: no refetch within the interval
    RSAKey stray = new RSAKeyGenerator(2048).keyID("nope").generate();
    String t = rs256(stray, claims().build());
    assertThatThrownBy(() -> oidc.authenticate(t)).hasMessageContaining("signing key 'nope' is not among");
    assertThatThrownBy(() -> oidc.authenticate(t)).hasMessageContaining("signing key 'nope'");
    assertThat(jwksFetches.get()).isEqualTo(2);
    vs.advanceBy(Duration.ofSeconds(61));
    assertThatThrownBy(() -> oidc.authenticate(t)).hasMessageContaining("signing key 'nope'");
    assertThat(jwksFetches.get()).isEqualTo(3);
  }

  @Test
  void configuration_errorsNameTheVariable() {
    assertThatThrownBy(() -> OidcAuthenticator.builder("http://idp.example.com", "a"))
        .hasMessageContaining("DUMONT_OIDC_ISSUER").hasMessageContaining("https");
    assertThatThrownBy(() -> OidcAuthenticator.builder(issuer, " ")).hasMessageContaining("DUMONT_OIDC_AUDIENCE");
  }

  @Test
  void serverRoutes_acceptValidTokensAndAnswer401Otherwise(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir)
      throws Exception {
    try (ServerHarness h = new ServerHarness(dir, b -> b.oidc(oidc))) {
      String dev = rs256(rsa, claims().build());
      assertThat(h.call("GET", "/api/vast/instances", null, dev).status()).isEqualTo(200);
      ServerHarness.Answer denied = h.call("GET", "/api/v1/costs", null, dev);
      assertThat(denied.status()).isEqualTo(403);
      assertThat(denied.json().get("detail").toString()).contains("lacks permission cost.view");
      ServerHarness.Answer bad = h.call("GET", "/api/vast/instances", null,
          rs256(rsa, claims().audience("x").build()));
      assertThat(bad.status()).isEqualTo(401);
      assertThat(bad.body()).doesNotContain(dev.substring(0, 20));
    }
  }
}
