package com.dumontcloud.sdk.pricing;

import com.dumontcloud.sdk.exception.DumontClientException;
import com.dumontcloud.sdk.exception.DumontException;
import com.dumontcloud.sdk.exception.ProviderProtocolException;
import com.dumontcloud.sdk.exception.ProviderErrorDetails;
import com.dumontcloud.sdk.internal.http.OkHttpTransport;
import com.dumontcloud.sdk.internal.http.TransportSettings;
import com.dumontcloud.sdk.spi.support.HttpCall;
import com.dumontcloud.sdk.spi.support.HttpTransport;
import com.dumontcloud.sdk.spi.support.JsonCodec;
import com.dumontcloud.sdk.time.Scheduler;
import java.io.IOException;
import java.io.StringReader;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;
import org.xml.sax.InputSource;
import org.xml.sax.SAXException;

/**
 * Exchange rates fetched over HTTP in the shape of the European Central Bank's daily reference rates
 * ({@value #ECB_DAILY}: a {@code Cube time='YYYY-MM-DD'} holding {@code Cube currency='USD' rate='1.1720'} per
 * currency, euro-based), through the SDK's HTTP transport, cached in memory and optionally in a file.
 *
 * <p>Staleness is the age of the last successful fetch on the injected {@link Clock} (not the rates' own date:
 * the ECB publishes on working days around 16:00 CET, so Monday morning's rates are Friday's):
 * <ul>
 *   <li>younger than {@link Builder#refreshAfter} (default 1 h): used as they are;
 *   <li>older: fetched again; if that fails the cached rates are used while they are younger than
 *       {@link Builder#refuseAfter} (default 72 h), with a warning (logged once per fetch) once they are older than
 *       {@link Builder#warnAfter} (default 24 h);
 *   <li>older than {@code refuseAfter} and not refreshable: every conversion fails with a message naming the age,
 *       unless {@link Builder#allowStale} is set.
 * </ul>
 *
 * <p>The XML is parsed by the JDK's parser with DOCTYPE declarations refused and external entities, DTDs and
 * schemas not loaded (OWASP XXE prevention settings). Thread-safe.
 */
public final class HttpFxRates implements FxRates {
  private static final Logger log = LoggerFactory.getLogger(HttpFxRates.class);
  /** The ECB's daily euro foreign exchange reference rates. */
  public static final String ECB_DAILY = "https://www.ecb.europa.eu/stats/eurofxref/eurofxref-daily.xml";
  static final String OPERATION = "fx rates";

  private final String url;
  private final HttpTransport transport;
  private final Clock clock;
  private final Duration refreshAfter;
  private final Duration warnAfter;
  private final Duration refuseAfter;
  private final boolean allowStale;
  private final Path cacheFile;
  private Snapshot cached;
  private boolean warned;

  /** Rates and when they were fetched. */
  private record Snapshot(StaticFxRates rates, Instant fetchedAt) {}

  private HttpFxRates(Builder b) {
    this.url = b.url;
    this.clock = b.clock;
    this.transport = b.transport != null ? b.transport
        : new OkHttpTransport(new okhttp3.OkHttpClient(), Scheduler.system(),
            TransportSettings.defaults().withMaxAttempts(3).withTimeouts(Duration.ofSeconds(30), Duration.ofSeconds(10)));
    this.refreshAfter = b.refreshAfter;
    this.warnAfter = b.warnAfter;
    this.refuseAfter = b.refuseAfter;
    this.allowStale = b.allowStale;
    this.cacheFile = b.cacheFile;
    if (warnAfter.compareTo(refuseAfter) > 0) {
      throw new IllegalArgumentException("warnAfter (" + warnAfter + ") must not be longer than refuseAfter ("
          + refuseAfter + ")");
    }
  }

  public static Builder builder() {
    return new Builder();
  }

  /**
   * The rates to use now, after the staleness rules: the cached ones, refreshed when older than
   * {@code refreshAfter}.
   *
   * @throws DumontClientException when no rates can be had, or the only ones are older than {@code refuseAfter}
   *     and stale rates are not allowed
   */
  public synchronized FxRates snapshot() {
    Instant now = clock.instant();
    if (cached == null && cacheFile != null) cached = readCache();
    if (cached != null && age(cached, now).compareTo(refreshAfter) < 0) return cached.rates;
    DumontException failure;
    try {
      cached = fetch(now);
      warned = false;
      writeCache(cached);
      return cached.rates;
    } catch (DumontException e) {
      failure = e;
    }
    if (cached == null) {
      throw new DumontClientException("cannot get exchange rates from " + url + ": " + failure.getMessage()
          + "; check the URL and the network, or use the static rates (fx.source=static)", failure);
    }
    Duration age = age(cached, now);
    if (age.compareTo(refuseAfter) > 0 && !allowStale) {
      throw new DumontClientException("the exchange rates from " + url + " are " + hours(age) + " old (fetched "
          + cached.fetchedAt + "), older than the " + hours(refuseAfter) + " limit, and refreshing failed ("
          + failure.getMessage() + "); allow stale rates (fx.allow-stale=true) or use fx.source=static", failure);
    }
    if (age.compareTo(warnAfter) > 0 && !warned) {
      warned = true;
      log.warn("[url={}, age={}] exchange rates are stale: refreshing failed ({}); using the rates of {}", url,
          hours(age), failure.getMessage(), cached.rates.asOf());
    }
    return cached.rates;
  }

  /** When the rates in use were fetched, or null before the first fetch. */
  public synchronized Instant fetchedAt() {
    return cached == null ? null : cached.fetchedAt;
  }

  /** True when the rates in use are older than {@code warnAfter}. */
  public synchronized boolean stale() {
    return cached != null && age(cached, clock.instant()).compareTo(warnAfter) > 0;
  }

  private static Duration age(Snapshot s, Instant now) {
    Duration d = Duration.between(s.fetchedAt, now);
    return d.isNegative() ? Duration.ZERO : d;
  }

  private static String hours(Duration d) {
    return d.toHours() + " h";
  }

  private Snapshot fetch(Instant now) {
    String body = transport.execute(HttpCall.builder("fx", OPERATION).get(url).build()).body();
    return new Snapshot(parse(body, url), now);
  }

  /**
   * Rates from a document in the ECB's shape.
   *
   * @throws ProviderProtocolException naming what is missing when the document is not of that shape
   */
  static StaticFxRates parse(String xml, String url) {
    Document doc;
    try {
      doc = secureBuilder().parse(new InputSource(new StringReader(xml)));
    } catch (SAXException | IOException e) {
      throw malformed(url, "not well-formed XML or a DOCTYPE (refused): " + e.getMessage());
    }
    NodeList cubes = doc.getElementsByTagNameNS("*", "Cube");
    LocalDate day = null;
    Map<String, BigDecimal> rates = new LinkedHashMap<>();
    for (int i = 0; i < cubes.getLength(); i++) {
      Element c = (Element) cubes.item(i);
      if (c.hasAttribute("time") && day == null) {
        try {
          day = LocalDate.parse(c.getAttribute("time").trim());
        } catch (DateTimeParseException e) {
          throw malformed(url, "time='" + c.getAttribute("time") + "' is not a date like 2025-06-30");
        }
      }
      if (c.hasAttribute("currency") && c.hasAttribute("rate")) {
        String code = c.getAttribute("currency").trim();
        try {
          rates.put(code, new BigDecimal(c.getAttribute("rate").trim()));
        } catch (NumberFormatException e) {
          throw malformed(url, "the rate of " + code + " is not a number: '" + c.getAttribute("rate") + "'");
        }
      }
    }
    if (day == null) throw malformed(url, "no Cube with a time attribute (the rates' date)");
    if (rates.isEmpty()) throw malformed(url, "no Cube with currency and rate attributes");
    try {
      return new StaticFxRates("EUR", rates, day, "ECB reference rates of " + day + " from " + url);
    } catch (IllegalArgumentException e) {
      throw malformed(url, e.getMessage());
    }
  }

  private static ProviderProtocolException malformed(String url, String what) {
    return new ProviderProtocolException(new ProviderErrorDetails("fx", OPERATION, 200, null,
        "the exchange-rate document at " + url + " is not in the ECB shape: " + what, null, null, 1, false, null),
        null);
  }

  /** A DOM parser with the OWASP XXE settings: no DOCTYPE, no external entities, DTDs or schemas. */
  static DocumentBuilder secureBuilder() {
    try {
      DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
      f.setNamespaceAware(true);
      f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
      f.setFeature("http://xml.org/sax/features/external-general-entities", false);
      f.setFeature("http://xml.org/sax/features/external-parameter-entities", false);
      f.setFeature("http://apache.org/xml/features/nonvalidating/load-external-dtd", false);
      f.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
      f.setAttribute(XMLConstants.ACCESS_EXTERNAL_DTD, "");
      f.setAttribute(XMLConstants.ACCESS_EXTERNAL_SCHEMA, "");
      f.setXIncludeAware(false);
      f.setExpandEntityReferences(false);
      DocumentBuilder b = f.newDocumentBuilder();
      b.setErrorHandler(null);
      return b;
    } catch (ParserConfigurationException e) {
      throw new IllegalStateException("the JDK's XML parser does not support the secure settings", e);
    }
  }

  private Snapshot readCache() {
    if (!Files.isRegularFile(cacheFile)) return null;
    try {
      if (!(JsonCodec.standard().parse(Files.readString(cacheFile)) instanceof Map<?, ?> m)) return null;
      if (!url.equals(m.get("url"))) return null;
      return new Snapshot(parse(String.valueOf(m.get("body")), url), Instant.parse(String.valueOf(m.get("fetched_at"))));
    } catch (IOException | RuntimeException e) {
      log.debug("[file={}] ignoring an unreadable exchange-rate cache: {}", cacheFile, e.toString());
      return null;
    }
  }

  private void writeCache(Snapshot s) {
    if (cacheFile == null) return;
    try {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("url", url);
      m.put("fetched_at", s.fetchedAt.toString());
      m.put("body", toXml(s.rates));
      if (cacheFile.getParent() != null) Files.createDirectories(cacheFile.getParent());
      Path tmp = cacheFile.resolveSibling(cacheFile.getFileName() + ".tmp");
      Files.writeString(tmp, JsonCodec.standard().write(m), StandardCharsets.UTF_8);
      Files.move(tmp, cacheFile, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException | RuntimeException e) {
      log.debug("[file={}] cannot write the exchange-rate cache: {}", cacheFile, e.toString());
    }
  }

  /** The rates back in the ECB shape (what the cache file keeps). */
  private static String toXml(StaticFxRates r) {
    StringBuilder sb = new StringBuilder("<Envelope><Cube><Cube time='").append(r.asOf()).append("'>");
    r.perBase().forEach((c, v) -> {
      if (!c.equals(r.base())) sb.append("<Cube currency='").append(c).append("' rate='").append(v.toPlainString()).append("'/>");
    });
    return sb.append("</Cube></Cube></Envelope>").toString();
  }

  @Override
  public BigDecimal rate(String from, String to) {
    return snapshot().rate(from, to);
  }

  @Override
  public Set<String> currencies() {
    return snapshot().currencies();
  }

  @Override
  public LocalDate asOf() {
    return snapshot().asOf();
  }

  @Override
  public String source() {
    return snapshot().source();
  }

  @Override
  public String toString() {
    return "HttpFxRates[" + url + "]";
  }

  /** Builder of {@link HttpFxRates}. */
  public static final class Builder {
    private String url = ECB_DAILY;
    private HttpTransport transport;
    private Clock clock = Clock.systemUTC();
    private Duration refreshAfter = Duration.ofHours(1);
    private Duration warnAfter = Duration.ofHours(24);
    private Duration refuseAfter = Duration.ofHours(72);
    private boolean allowStale;
    private Path cacheFile;

    private Builder() {}

    /** Where the ECB-shaped XML is fetched (default {@value HttpFxRates#ECB_DAILY}; a mirror, a proxy, a test server). */
    public Builder url(String u) {
      url = Objects.requireNonNull(u, "url").trim();
      if (!url.startsWith("http://") && !url.startsWith("https://")) {
        throw new IllegalArgumentException("fx.url must be an http(s) URL, got '" + u + "'");
      }
      return this;
    }

    /** The HTTP transport (default: the client's, {@code Dumont.httpTransport()}, or a private one). */
    public Builder transport(HttpTransport t) { transport = Objects.requireNonNull(t, "transport"); return this; }
    /** The clock ages are measured on (tests inject a fixed or virtual one). */
    public Builder clock(Clock c) { clock = Objects.requireNonNull(c, "clock"); return this; }
    /** Fetch again when the cached rates are older than this (default 1 h). */
    public Builder refreshAfter(Duration d) { refreshAfter = positive("refreshAfter", d); return this; }
    /** Warn when the rates in use are older than this because refreshing failed (default 24 h). */
    public Builder warnAfter(Duration d) { warnAfter = positive("warnAfter", d); return this; }
    /** Refuse rates older than this (default 72 h) unless {@link #allowStale}. */
    public Builder refuseAfter(Duration d) { refuseAfter = positive("refuseAfter", d); return this; }
    /** Use cached rates of any age when refreshing fails (default false). */
    public Builder allowStale(boolean b) { allowStale = b; return this; }
    /** Keep the last fetched rates in this file, so a new process starts from them (default: memory only). */
    public Builder cacheFile(Path p) { cacheFile = p; return this; }

    public HttpFxRates build() {
      return new HttpFxRates(this);
    }

    private static Duration positive(String name, Duration d) {
      if (d == null || d.isNegative() || d.isZero()) {
        throw new IllegalArgumentException(name + " must be a positive duration, got " + d);
      }
      return d;
    }
  }
}
