package com.dumontcloud.sdk.gcp.internal;

import com.dumontcloud.sdk.Secret;
import com.dumontcloud.sdk.exception.AuthenticationException;
import com.dumontcloud.sdk.exception.ConfigurationException;
import com.dumontcloud.sdk.exception.DumontClientException;
import com.dumontcloud.sdk.exception.DumontException;
import com.dumontcloud.sdk.exception.ProviderErrorDetails;
import com.dumontcloud.sdk.spi.ProviderContext;
import com.dumontcloud.sdk.spi.support.ConfigReader;
import com.dumontcloud.sdk.spi.support.HttpCall;
import com.dumontcloud.sdk.spi.support.Redaction;
import com.google.auth.oauth2.AccessToken;
import com.google.auth.oauth2.GoogleCredentials;
import com.google.auth.oauth2.ServiceAccountCredentials;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Date;
import java.util.List;
import java.util.Map;

/**
 * Application Default Credentials in Google's order, with every source settable through the provider's config (so
 * tests and proxies can stand in): an explicit access token; the credential file of {@code credentials-file}
 * ({@code GOOGLE_APPLICATION_CREDENTIALS}); gcloud's well-known file; the metadata server of {@code metadata-host}
 * ({@code GCE_METADATA_HOST}). Credential files are read by Google's {@code google-auth-library} (service-account
 * JWT signing against the file's {@code token_uri}, authorized_user refresh tokens, external_account / workload
 * identity federation); it caches the token and refreshes it before expiry. The token only ever leaves as a
 * {@link Secret}; key material is never logged or put in a message.
 */
final class GcpAuth {
  static final String SCOPE = "https://www.googleapis.com/auth/cloud-platform";
  private static final String PROVIDER = "gcp";

  private final ProviderContext ctx;
  private final ConfigReader cfg;
  private GoogleCredentials credentials;
  private Secret fixed;
  private String source;
  private boolean stale;

  GcpAuth(ProviderContext ctx, ConfigReader cfg) {
    this.ctx = ctx;
    this.cfg = cfg;
  }

  /** The bearer token for the next call (resolving the credentials on first use). */
  synchronized Secret token() {
    resolve();
    if (fixed != null) return fixed;
    try {
      if (stale) credentials.refresh();
      else credentials.refreshIfExpired();
      stale = false;
      AccessToken t = credentials.getAccessToken();
      if (t == null) throw new IOException("no access token was issued");
      return Secret.of(t.getTokenValue());
    } catch (IOException | RuntimeException e) {
      if (credentials instanceof MetadataCredentials && e instanceof DumontClientException) throw noCredentials(e);
      if (e instanceof DumontException d) throw d;
      String why = Redaction.redact(String.valueOf(e.getMessage())).replaceAll("\\s+", " ");
      if (why.length() > 300) why = why.substring(0, 300) + "…";
      throw new AuthenticationException(new ProviderErrorDetails(PROVIDER, "token", 0, "token_refresh",
          "could not get an access token from " + source + ": " + why, null, null, 1, false, null));
    }
  }

  /** Whether a rejected token can be replaced (not for a fixed access-token). */
  synchronized boolean refreshable() {
    resolve();
    return credentials != null;
  }

  /** The next {@link #token()} gets a new token even if the cached one has not expired (it was rejected). */
  synchronized void forceRefresh() {
    stale = true;
  }

  /** The credentials' own project id, or null. */
  synchronized String credentialsProject() {
    resolve();
    if (credentials instanceof ServiceAccountCredentials sa) return sa.getProjectId();
    try {
      if (credentials instanceof MetadataCredentials m) return m.project();
    } catch (DumontClientException e) {
      throw noCredentials(e);
    }
    return null;
  }

  /** Off Google Cloud with nothing configured: the metadata server, the last source, is not there. */
  private ConfigurationException noCredentials(Exception cause) {
    ConfigurationException c = new ConfigurationException("[provider=gcp] no GCP credentials: set "
        + ctx.config().describe("credentials-file") + " to a key or external_account file, set gcp.access-token, or"
        + " run 'gcloud auth application-default login'; the last source, " + source.substring(0, source.indexOf(" ("))
        + ", is not reachable");
    c.addSuppressed(cause);
    return c;
  }

  /** Which source was chosen, for messages (never the credential itself). */
  synchronized String source() {
    resolve();
    return source;
  }

  private void resolve() {
    if (fixed != null || credentials != null) return;
    String token = ctx.config().secret("access-token").map(Secret::reveal).orElse(null);
    if (token != null && !token.isBlank()) {
      fixed = Secret.of(token.strip());
      source = "the access-token setting";
      return;
    }
    String file = cfg.string("credentials-file", null);
    if (file != null) {
      Path p = Path.of(file);
      if (!Files.isReadable(p)) {
        throw new ConfigurationException("[provider=gcp] gcp.credentials-file points at " + p
            + ", which is not a readable file (set " + ctx.config().describe("credentials-file") + ")");
      }
      credentials = load(p, "credentials file " + p);
      return;
    }
    String dir = cfg.string("gcloud-config-dir", null);
    Path wellKnown = dir != null ? Path.of(dir, "application_default_credentials.json")
        : Path.of(System.getProperty("user.home"), ".config", "gcloud", "application_default_credentials.json");
    if (Files.isReadable(wellKnown)) {
      credentials = load(wellKnown, "gcloud application default credentials " + wellKnown);
      return;
    }
    String host = cfg.string("metadata-host", "metadata.google.internal");
    credentials = new MetadataCredentials(this, host);
    source = "the metadata server " + host + " (no credentials-file, access-token or gcloud ADC file; set "
        + ctx.config().describe("credentials-file") + " off Google Cloud)";
  }

  private GoogleCredentials load(Path p, String what) {
    source = what;
    try (InputStream in = Files.newInputStream(p)) {
      GoogleCredentials c = GoogleCredentials.fromStream(in);
      return c.createScopedRequired() ? c.createScoped(List.of(SCOPE)) : c;
    } catch (IOException | RuntimeException e) {
      throw new ConfigurationException("[provider=gcp] " + what + " is not a usable Google credential file ("
          + Redaction.redact(String.valueOf(e.getMessage())) + "); expected a service-account key, an authorized_user"
          + " or an external_account JSON (set " + ctx.config().describe("credentials-file") + ")");
    }
  }

  /** Reads the metadata server through the SDK transport; google-auth's base class caches and refreshes. */
  private String metadata(String host, String path) {
    HttpCall call = HttpCall.builder(PROVIDER, "metadata").get("http://" + host + "/computeMetadata/v1/" + path)
        .header("Metadata-Flavor", "Google").kind(HttpCall.Kind.READ).deadline(Duration.ofSeconds(10)).build();
    return ctx.http().execute(call).body();
  }

  /** The GCE metadata server as a google-auth credential (its host comes from our config, not the JVM's env). */
  private static final class MetadataCredentials extends GoogleCredentials {
    private final transient GcpAuth auth;
    private final String host;

    MetadataCredentials(GcpAuth auth, String host) {
      this.auth = auth;
      this.host = host;
    }

    String project() {
      return auth.metadata(host, "project/project-id").strip();
    }

    @Override
    public AccessToken refreshAccessToken() throws IOException {
      Map<String, Object> m = com.dumontcloud.sdk.spi.support.Json.obj(auth.ctx.json().parse(
          auth.metadata(host, "instance/service-accounts/default/token")), "metadata token");
      String value = com.dumontcloud.sdk.spi.support.Json.str(m, "access_token");
      Double expires = com.dumontcloud.sdk.spi.support.Json.num(m, "expires_in");
      if (value == null) throw new IOException("the metadata server's token answer has no access_token");
      // google-auth compares the expiry with the wall clock it refreshes on, so the expiry is on that clock too
      long ms = System.currentTimeMillis() + (long) ((expires == null ? 300 : expires) * 1000);
      return new AccessToken(value, new Date(ms));
    }
  }
}
