package com.dumontcloud.sdk.server;

import com.dumontcloud.sdk.access.GroupMapping;
import com.dumontcloud.sdk.access.Principal;
import com.dumontcloud.sdk.spi.support.JsonCodec;
import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSVerifier;
import com.nimbusds.jose.crypto.ECDSAVerifier;
import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Verifies OIDC bearer tokens (ID or access tokens that are JWTs) signed RS256 or ES256 by one issuer, with Nimbus
 * JOSE+JWT: the issuer's discovery document ({@code ISSUER/.well-known/openid-configuration}) is fetched once and
 * cached, its {@code jwks_uri} key set likewise; a token whose {@code kid} is not in the cached set makes one refetch
 * of the key set (at most one per {@link Builder#minRefetchInterval}, default 60 s), which is how key rotation is
 * followed. Checked: the algorithm (RS256 or ES256 only: {@code none} and every HMAC algorithm are refused, so an
 * RSA public key can never serve as an HMAC secret), the key type matching it, the signature, {@code iss} equal to
 * the issuer, {@code aud} containing the audience, {@code exp} (required) and {@code nbf} within a bounded clock skew
 * (default 60 s, at most 5 min) of the injected clock, and {@code sub} present.
 *
 * <p>The HTTP client fetches exactly two URLs: the configured issuer's discovery document and the {@code jwks_uri}
 * it names (https, or http only for a loopback issuer); it never follows redirects and never fetches a URL named by
 * a token ({@code jku}, {@code x5u} are ignored).
 *
 * <p>Claims become a {@link Principal}: {@code sub} is its subject; the groups claim (default {@code groups}; a
 * dotted path such as {@code realm_access.roles} reaches into nested objects) goes through a {@link GroupMapping}.
 */
public final class OidcAuthenticator {
  /** A refused token: the reason, written for people, never containing the token. */
  public static final class RejectedTokenException extends RuntimeException {
    RejectedTokenException(String message) {
      super(message);
    }
  }

  private final URI issuer;
  private final String audience;
  private final String groupsClaim;
  private final GroupMapping mapping;
  private final Clock clock;
  private final Duration skew;
  private final Duration minRefetch;
  private final HttpClient http;
  private URI jwksUri;
  private JWKSet keys;
  private Instant lastFetch;

  private OidcAuthenticator(Builder b) {
    this.issuer = b.issuer;
    this.audience = b.audience;
    this.groupsClaim = b.groupsClaim;
    this.mapping = b.mapping;
    this.clock = b.clock;
    this.skew = b.skew;
    this.minRefetch = b.minRefetch;
    this.http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).connectTimeout(b.timeout).build();
  }

  /**
   * @param issuer the issuer URL exactly as tokens carry it in {@code iss} (e.g. {@code https://accounts.google.com},
   *     {@code https://keycloak.example.com/realms/ml})
   * @param audience the audience tokens must name in {@code aud} (the client id registered for Dumont)
   */
  public static Builder builder(String issuer, String audience) {
    return new Builder(issuer, audience);
  }

  public String issuer() {
    return issuer.toString();
  }

  /** Whether {@code token} looks like a JWT (three dot-separated parts), so this authenticator should judge it. */
  public static boolean looksLikeJwt(String token) {
    return token.chars().filter(c -> c == '.').count() == 2;
  }

  /**
   * The principal of a valid token.
   *
   * @throws RejectedTokenException with the reason when the token is not valid now
   */
  public Principal authenticate(String token) {
    SignedJWT jwt;
    try {
      jwt = SignedJWT.parse(token);
    } catch (ParseException e) {
      throw new RejectedTokenException("the bearer token is not a signed JWT (alg none and malformed tokens are refused)");
    }
    JWSHeader h = jwt.getHeader();
    JWSAlgorithm alg = h.getAlgorithm();
    if (!JWSAlgorithm.RS256.equals(alg) && !JWSAlgorithm.ES256.equals(alg)) {
      throw new RejectedTokenException("the bearer token is signed with " + alg + "; only RS256 and ES256 are accepted");
    }
    JWK key = key(h.getKeyID(), alg);
    try {
      JWSVerifier v = JWSAlgorithm.RS256.equals(alg) ? new RSASSAVerifier((RSAKey) key) : new ECDSAVerifier((ECKey) key);
      if (!jwt.verify(v)) throw new RejectedTokenException("the bearer token's signature does not verify");
    } catch (JOSEException e) {
      throw new RejectedTokenException("the bearer token's signature cannot be checked: " + e.getMessage());
    }
    JWTClaimsSet c;
    try {
      c = jwt.getJWTClaimsSet();
    } catch (ParseException e) {
      throw new RejectedTokenException("the bearer token's claims are not valid JSON");
    }
    checkClaims(c);
    return mapping.principal(c.getSubject(), groups(c), "oidc:" + issuer);
  }

  private void checkClaims(JWTClaimsSet c) {
    if (!issuer.toString().equals(c.getIssuer())) {
      throw new RejectedTokenException("the bearer token's issuer '" + c.getIssuer() + "' is not " + issuer);
    }
    if (c.getAudience() == null || !c.getAudience().contains(audience)) {
      throw new RejectedTokenException("the bearer token's audience " + c.getAudience() + " does not contain '"
          + audience + "' (DUMONT_OIDC_AUDIENCE)");
    }
    Instant now = clock.instant();
    Date exp = c.getExpirationTime();
    if (exp == null) throw new RejectedTokenException("the bearer token has no expiry (exp)");
    if (!now.isBefore(exp.toInstant().plus(skew))) {
      throw new RejectedTokenException("the bearer token expired at " + exp.toInstant() + " (now " + now
          + ", allowed clock skew " + skew.toSeconds() + " s); get a new one");
    }
    Date nbf = c.getNotBeforeTime();
    if (nbf != null && now.plus(skew).isBefore(nbf.toInstant())) {
      throw new RejectedTokenException("the bearer token is not valid before " + nbf.toInstant() + " (now " + now
          + ", allowed clock skew " + skew.toSeconds() + " s)");
    }
    if (c.getSubject() == null || c.getSubject().isBlank()) {
      throw new RejectedTokenException("the bearer token has no subject (sub)");
    }
  }

  private List<String> groups(JWTClaimsSet c) {
    Object node = c.getClaims();
    for (String part : groupsClaim.split("\\.")) {
      node = node instanceof Map<?, ?> m ? m.get(part) : null;
    }
    List<String> out = new ArrayList<>();
    if (node instanceof String s) out.add(s);
    if (node instanceof List<?> l) for (Object o : l) if (o instanceof String s) out.add(s);
    return out;
  }

  private synchronized JWK key(String kid, JWSAlgorithm alg) {
    if (keys == null) refresh();
    JWK k = find(kid, alg);
    if (k == null && (lastFetch == null || !clock.instant().isBefore(lastFetch.plus(minRefetch)))) {
      refresh(); // an unknown kid: the issuer may have rotated its keys
      k = find(kid, alg);
    }
    if (k == null) {
      throw new RejectedTokenException("the bearer token's signing key " + (kid == null ? "(no kid)" : "'" + kid + "'")
          + " is not among the issuer's keys for " + alg);
    }
    return k;
  }

  private JWK find(String kid, JWSAlgorithm alg) {
    for (JWK k : keys.getKeys()) {
      if (kid != null && !kid.equals(k.getKeyID())) continue;
      if (k.getAlgorithm() != null && !k.getAlgorithm().getName().equals(alg.getName())) continue;
      if (JWSAlgorithm.RS256.equals(alg) && k instanceof RSAKey) return k;
      if (JWSAlgorithm.ES256.equals(alg) && k instanceof ECKey ec && Curve.P_256.equals(ec.getCurve())) return k;
    }
    return null;
  }

  @SuppressWarnings("unchecked")
  private void refresh() {
    lastFetch = clock.instant();
    if (jwksUri == null) {
      Object doc = JsonCodec.standard().parse(get(URI.create(issuer.toString().replaceAll("/+$", "")
          + "/.well-known/openid-configuration")));
      if (!(doc instanceof Map<?, ?> m) || !(m.get("jwks_uri") instanceof String u)) {
        throw new RejectedTokenException("the issuer's discovery document has no jwks_uri");
      }
      if (!issuer.toString().equals(m.get("issuer"))) {
        throw new RejectedTokenException("the issuer's discovery document names issuer '" + m.get("issuer")
            + "', not " + issuer + " (DUMONT_OIDC_ISSUER must be exactly the issuer)");
      }
      URI j = URI.create(u);
      if (!"https".equals(j.getScheme()) && !(loopback(issuer) && loopback(j))) {
        throw new RejectedTokenException("the issuer's jwks_uri " + j + " is not https");
      }
      jwksUri = j;
    }
    try {
      keys = JWKSet.parse(get(jwksUri));
    } catch (ParseException e) {
      throw new RejectedTokenException("the issuer's key set at " + jwksUri + " is not a JWK set");
    }
  }

  private static boolean loopback(URI u) {
    String h = u.getHost();
    return "http".equals(u.getScheme()) && ("127.0.0.1".equals(h) || "localhost".equals(h) || "[::1]".equals(h));
  }

  private String get(URI u) {
    try {
      HttpResponse<String> r = http.send(HttpRequest.newBuilder(u).timeout(Duration.ofSeconds(5)).GET().build(),
          HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
      if (r.statusCode() != 200) {
        throw new RejectedTokenException("the issuer answered HTTP " + r.statusCode() + " for " + u);
      }
      return r.body();
    } catch (IOException e) {
      throw new RejectedTokenException("cannot reach the issuer at " + u + ": " + e.getMessage());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new RejectedTokenException("interrupted while fetching " + u);
    }
  }

  /** Builder for {@link OidcAuthenticator}. */
  public static final class Builder {
    private final URI issuer;
    private final String audience;
    private String groupsClaim = "groups";
    private GroupMapping mapping = GroupMapping.implicit();
    private Clock clock = Clock.systemUTC();
    private Duration skew = Duration.ofSeconds(60);
    private Duration minRefetch = Duration.ofSeconds(60);
    private Duration timeout = Duration.ofSeconds(5);

    private Builder(String issuer, String audience) {
      if (issuer == null || issuer.isBlank()) {
        throw new IllegalArgumentException("DUMONT_OIDC_ISSUER (--oidc-issuer) must be the issuer URL, e.g. "
            + "https://accounts.google.com");
      }
      URI u;
      try {
        u = URI.create(issuer.strip());
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("DUMONT_OIDC_ISSUER (--oidc-issuer) '" + issuer + "' is not a URL");
      }
      if (!"https".equals(u.getScheme()) && !loopback(u)) {
        throw new IllegalArgumentException("DUMONT_OIDC_ISSUER (--oidc-issuer) '" + issuer + "' must be an https URL "
            + "(http only for 127.0.0.1/localhost)");
      }
      if (audience == null || audience.isBlank()) {
        throw new IllegalArgumentException("DUMONT_OIDC_AUDIENCE (--oidc-audience) is required with an issuer: the "
            + "client id tokens are issued for");
      }
      this.issuer = u;
      this.audience = audience.strip();
    }

    /** The claim holding groups (default {@code groups}); a dotted path reaches nested objects. */
    public Builder groupsClaim(String claim) {
      if (claim == null || claim.isBlank()) throw new IllegalArgumentException("DUMONT_OIDC_GROUPS_CLAIM must not be empty");
      groupsClaim = claim.strip();
      return this;
    }

    public Builder mapping(GroupMapping m) {
      mapping = Objects.requireNonNull(m, "mapping");
      return this;
    }

    /** The clock expiry and not-before are judged by (tests pass a fixed or virtual one). */
    public Builder clock(Clock c) {
      clock = Objects.requireNonNull(c, "clock");
      return this;
    }

    /** Allowed clock skew for exp and nbf (default 60 s, at most 5 min). */
    public Builder clockSkew(Duration d) {
      if (d.isNegative() || d.compareTo(Duration.ofMinutes(5)) > 0) {
        throw new IllegalArgumentException("OIDC clock skew must be 0 to 5 minutes, got " + d.toSeconds() + " s");
      }
      skew = d;
      return this;
    }

    /** Least time between two fetches of the key set for unknown key ids (default 60 s). */
    public Builder minRefetchInterval(Duration d) {
      minRefetch = Objects.requireNonNull(d);
      return this;
    }

    public OidcAuthenticator build() {
      return new OidcAuthenticator(this);
    }
  }
}
