package com.dumontcloud.sdk.testkit.gcp;

import com.dumontcloud.sdk.testkit.http.FakeProviderServer;
import com.dumontcloud.sdk.testkit.http.Fault;
import com.dumontcloud.sdk.testkit.http.Request;
import com.dumontcloud.sdk.testkit.http.Response;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;
import java.security.PublicKey;
import java.security.Signature;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Google Compute Engine v1 on loopback ({@link #baseUrl()} = {@code http://127.0.0.1:PORT/compute/v1}), with the
 * OAuth token endpoint ({@link #tokenUri()}), the GCE metadata server ({@link #metadataHost()}) and the Cloud Billing
 * Catalog ({@link #billingUrl()}), as handlers over state on {@link FakeProviderServer}.
 *
 * <ul>
 *   <li>Auth: every Compute and Billing call needs a bearer token the fake issued. The token endpoint takes the
 *       jwt-bearer grant and verifies the assertion's RS256 signature with the public key of a service account made
 *       by {@link #newServiceAccountKey(Path)} (the key pair is generated at run time; no key material is stored).
 *   <li>Operations go PENDING → RUNNING → DONE on the fake's clock ({@link #clock(Supplier)}: pass a virtual
 *       scheduler's {@code now}); their effect (the VM created, stopped, deleted) happens at DONE. Instances go
 *       PROVISIONING → STAGING → RUNNING after the insert is DONE. {@link #settle()} completes everything at once.
 *   <li>Inserts honour {@code requestId}: a resend with the same id answers the same operation, one VM.
 *   <li>Faults: {@link #stockout(String)} per zone (the operation ends with ZONE_RESOURCE_POOL_EXHAUSTED),
 *       {@link #quota(String, String)} (QUOTA_EXCEEDED in a region, or a synchronous 403 for
 *       {@code GPUS_ALL_REGIONS}), {@link #preempt(String)} (TERMINATED plus the {@code compute.instances.preempted}
 *       operation), {@link #rateLimitNext(int)} (429s), {@link #staleFingerprintOnce()} (412 on the next
 *       fingerprinted change), and anything else through {@link #api()}.
 *   <li>Addresses handed out are 127.0.0.1 only.
 * </ul>
 */
public final class FakeGcpServer implements AutoCloseable {
  /** The project the fake serves. */
  public static final String PROJECT = "my-project";
  private static final String OLD_HOST = "https://www.googleapis.com/compute/v1";
  private static final DateTimeFormatter TS = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSXXX");
  private static final Pattern LABEL = Pattern.compile("labels\\.([a-z0-9_-]+)\\s*=\\s*\"([^\"]*)\"");
  private static final Pattern OP_TYPE = Pattern.compile("operationType\\s*=\\s*\"([^\"]*)\"");

  private final FakeProviderServer api = FakeProviderServer.start();
  private volatile Supplier<Instant> clock = Instant::now;
  private final Map<String, PublicKey> serviceAccounts = new ConcurrentHashMap<>();
  private final Set<String> tokens = ConcurrentHashMap.newKeySet();
  private final List<String> zones = new ArrayList<>(List.of("us-central1-a", "us-central1-b", "us-central1-c",
      "europe-west4-a"));
  private final Map<String, List<Map<String, Object>>> machineTypes = new LinkedHashMap<>();
  private final Map<String, List<Map<String, Object>>> accelerators = new LinkedHashMap<>();
  private final List<Map<String, Object>> skus = new ArrayList<>();
  private final Map<String, Map<String, Object>> instances = new LinkedHashMap<>();
  private final Map<String, Op> operations = new LinkedHashMap<>();
  private final Map<String, String> requestIds = new HashMap<>();
  private final Set<String> stockouts = new HashSet<>();
  private final Set<String> preemptOnCreate = new HashSet<>();
  private final Map<String, String> quotas = new HashMap<>();
  private final List<Transition> transitions = new ArrayList<>();
  private volatile int tokenLifetimeSeconds = 3599;
  private volatile boolean billingEnabled = true;
  private volatile int pageSize = 500;
  private volatile Duration opDuration = Duration.ofSeconds(5);
  private volatile Duration bootDuration = Duration.ofSeconds(20);
  private boolean staleFingerprint;
  private long ids = 5213964563725781000L;
  private int tokenRequests;

  private static final class Op {
    final Map<String, Object> json;
    final Instant doneAt;
    final Runnable effect;
    Op(Map<String, Object> json, Instant doneAt, Runnable effect) {
      this.json = json;
      this.doneAt = doneAt;
      this.effect = effect;
    }
  }

  private record Transition(String key, Instant at, String status) {}

  private FakeGcpServer() {
    for (String z : zones) defaultCatalog(z);
    defaultSkus();
    String c = "/compute/v1/projects/{p}";
    api.authCheck(r -> r.path().equals("/token") || r.path().startsWith("/computeMetadata/")
            || r.header("Authorization") != null && tokens.contains(r.header("Authorization").replaceFirst("^Bearer ", "")))
        .unauthorized(r -> error(401, "Request had invalid authentication credentials.", "authError", "UNAUTHENTICATED"))
        .notFound(r -> error(404, "The resource '" + r.path() + "' was not found", "notFound", "NOT_FOUND"))
        .route("POST", "/token", this::token)
        .route("GET", "/computeMetadata/v1/**", this::metadata)
        .route("GET", "/billing/v1/services/{s}/skus", this::skus)
        .route("GET", c + "/zones", r -> page(r, zoneList(), "compute#zoneList"))
        .route("GET", c + "/aggregated/machineTypes", r -> aggregated(r, machineTypes, "machineTypes"))
        .route("GET", c + "/aggregated/acceleratorTypes", r -> aggregated(r, accelerators, "acceleratorTypes"))
        .route("GET", c + "/aggregated/instances", r -> aggregated(r, instancesByZone(r), "instances"))
        .route("GET", c + "/aggregated/operations", r -> aggregated(r, opsByZone(r), "operations"))
        .route("GET", c + "/zones/{z}/instances", r -> page(r, instancesByZone(r).getOrDefault(r.pathParam("z"),
            List.of()), "compute#instanceList"))
        .route("POST", c + "/zones/{z}/instances", this::insert)
        .route("GET", c + "/zones/{z}/instances/{n}", this::getInstance)
        .route("DELETE", c + "/zones/{z}/instances/{n}", r -> change(r, "delete", "STOPPING", null))
        .route("POST", c + "/zones/{z}/instances/{n}/stop", r -> change(r, "stop", "STOPPING", "TERMINATED"))
        .route("POST", c + "/zones/{z}/instances/{n}/start", r -> change(r, "start", "STAGING", "RUNNING"))
        .route("POST", c + "/zones/{z}/instances/{n}/setLabels", this::setLabels)
        .route("POST", c + "/zones/{z}/instances/{n}/setMetadata", this::setMetadata)
        .route("GET", c + "/zones/{z}/operations", r -> page(r, opsByZone(r).getOrDefault(r.pathParam("z"),
            List.of()), "compute#operationList"))
        .route("GET", c + "/zones/{z}/operations/{o}", this::getOp)
        .route("POST", c + "/zones/{z}/operations/{o}/wait", this::getOp);
  }

  public static FakeGcpServer start() {
    return new FakeGcpServer();
  }

  /** The underlying server: call log and fault rules. */
  public FakeProviderServer api() {
    return api;
  }

  /** The Compute base URL ({@code DUMONT_GCP_BASE_URL}). */
  public String baseUrl() {
    return api.baseUrl() + "/compute/v1";
  }

  public String billingUrl() {
    return api.baseUrl() + "/billing/v1";
  }

  public String tokenUri() {
    return api.baseUrl() + "/token";
  }

  /** {@code 127.0.0.1:PORT}, for {@code GCE_METADATA_HOST}. */
  public String metadataHost() {
    return "127.0.0.1:" + api.port();
  }

  /** The fake's time (operations and boots advance on it). */
  public FakeGcpServer clock(Supplier<Instant> c) {
    clock = c;
    return this;
  }

  /** A token the fake accepts without any grant (for the {@code access-token} setting). */
  public String staticToken() {
    String t = "ya29.static-" + UUID.randomUUID();
    tokens.add(t);
    return t;
  }

  /** Forget every token issued so far (as a revocation does): the next call with one answers 401. */
  public FakeGcpServer revokeTokens() {
    tokens.clear();
    return this;
  }

  public FakeGcpServer tokenLifetime(Duration d) {
    tokenLifetimeSeconds = (int) d.toSeconds();
    return this;
  }

  public synchronized int tokenRequests() {
    return tokenRequests;
  }

  /**
   * Write a service-account key file for a fresh RSA 2048 key pair (made now, in memory) whose {@code token_uri} is
   * this fake, and trust its public half.
   */
  public Path newServiceAccountKey(Path dir) {
    try {
      KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
      g.initialize(2048);
      KeyPair kp = g.generateKeyPair();
      String email = "gpu-sdk@" + PROJECT + ".iam.gserviceaccount.com";
      serviceAccounts.put(email, kp.getPublic());
      String pem = "-----BEGIN PRIVATE KEY-----\n" + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.UTF_8))
          .encodeToString(kp.getPrivate().getEncoded()) + "\n-----END PRIVATE KEY-----\n";
      Map<String, Object> key = new LinkedHashMap<>();
      key.put("type", "service_account");
      key.put("project_id", PROJECT);
      key.put("private_key_id", UUID.randomUUID().toString().replace("-", ""));
      key.put("private_key", pem);
      key.put("client_email", email);
      key.put("client_id", "109876543210987654321");
      key.put("token_uri", tokenUri());
      Path file = dir.resolve("service-account-" + UUID.randomUUID() + ".json");
      Files.writeString(file, com.dumontcloud.sdk.testkit.http.JsonTrees.write(key));
      return file;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  // ------------------------------------------------------------------ shaping the cloud

  /** Zones with no capacity: inserts there end with ZONE_RESOURCE_POOL_EXHAUSTED. */
  public synchronized FakeGcpServer stockout(String... zs) {
    stockouts.addAll(List.of(zs));
    return this;
  }

  /** Spot VMs created in these zones are preempted the moment their insert is DONE, before they ever run. */
  public synchronized FakeGcpServer preemptOnCreate(String... zs) {
    preemptOnCreate.addAll(List.of(zs));
    return this;
  }

  public synchronized FakeGcpServer clearStockouts() {
    stockouts.clear();
    return this;
  }

  /**
   * A quota at 0: {@code scope} a region (inserts there end with QUOTA_EXCEEDED) or {@code "global"} (inserts answer a
   * synchronous 403 quotaExceeded, e.g. {@code GPUS_ALL_REGIONS}).
   */
  public synchronized FakeGcpServer quota(String scope, String metric) {
    quotas.put(scope, metric);
    return this;
  }

  /** The next {@code n} Compute calls answer 429 RESOURCE_EXHAUSTED. */
  public FakeGcpServer rateLimitNext(int n) {
    api.fail("*", "/compute/v1/**", n, Fault.respond(error(429, "Quota exceeded for quota metric 'Read requests'",
        "rateLimitExceeded", "RESOURCE_EXHAUSTED")));
    return this;
  }

  /** The next setLabels or setMetadata answers 412 conditionNotMet, as when someone else changed the VM. */
  public synchronized FakeGcpServer staleFingerprintOnce() {
    staleFingerprint = true;
    return this;
  }

  /** Off: the Billing Catalog answers 403 (API not enabled), so the provider falls back to its bundled table. */
  public FakeGcpServer billingEnabled(boolean on) {
    billingEnabled = on;
    return this;
  }

  /**
   * How long operations take to be DONE (default 5 s) and booted VMs to be RUNNING after that (default 20 s), on the
   * fake's clock; zero for a fake on the wall clock (CLI tests).
   */
  public FakeGcpServer timings(Duration operation, Duration boot) {
    opDuration = operation;
    bootDuration = boot;
    return this;
  }

  /** Items per page of every list (default 500), to exercise paging. */
  public FakeGcpServer pageSize(int n) {
    if (n < 1) throw new IllegalArgumentException("page size must be at least 1, got " + n);
    pageSize = n;
    return this;
  }

  /**
   * A bundled-GPU machine type in every zone, priced through Billing SKUs so that the whole VM costs exactly
   * {@code onDemand} / {@code spot} per hour (the GPU SKU carries the price, its series' core and RAM SKUs are 0).
   */
  public synchronized FakeGcpServer addGpuMachineType(String machineType, int cpus, int memoryGb, String accelerator,
      String gpuDescription, int count, double onDemand, double spot) {
    for (String z : zones) {
      machineTypes.get(z).add(machineType(z, machineType, cpus, memoryGb * 1024, accelerator, count));
      accelerators.get(z).add(accelerator(z, accelerator, gpuDescription, count));
    }
    String series = machineType.substring(0, machineType.indexOf('-')).toUpperCase(java.util.Locale.ROOT);
    skus.add(0, sku(gpuDescription.replace("NVIDIA", "Nvidia") + " GPU running in Americas", "OnDemand", onDemand / count));
    skus.add(0, sku("Spot Preemptible " + gpuDescription.replace("NVIDIA", "Nvidia") + " GPU running in Americas",
        "Preemptible", spot / count));
    for (String part : List.of("Core", "Ram")) {
      skus.add(sku(series + " Instance " + part + " running in Americas", "OnDemand", 0));
      skus.add(sku("Spot Preemptible " + series + " Instance " + part + " running in Americas", "Preemptible", 0));
    }
    return this;
  }

  /** Preempt a spot VM: TERMINATED (ephemeral IP released) and a {@code compute.instances.preempted} operation. */
  public synchronized void preempt(String instanceId) {
    advance();
    preempted(instanceId);
  }

  private void preempted(String instanceId) {
    Map<String, Object> i = instances.get(instanceId);
    if (i == null) throw new IllegalArgumentException("no instance " + instanceId);
    String zone = instanceId.substring(0, instanceId.indexOf('/'));
    Map<String, Object> op = opJson("systemevent-" + clock.get().toEpochMilli() + "-" + hex(), zone,
        "compute.instances.preempted", i, "DONE");
    op.put("user", "system");
    op.put("statusMessage", "Instance was preempted.");
    op.put("endTime", ts(clock.get()));
    operations.put((String) op.get("name"), new Op(op, clock.get(), () -> { }));
    transitions.removeIf(t -> t.key().equals(instanceId));
    stopped(i);
  }

  /** Complete every pending operation and boot now. */
  public synchronized void settle() {
    for (Op op : new ArrayList<>(operations.values())) finish(op);
    for (Transition t : new ArrayList<>(transitions)) apply(t);
    transitions.clear();
  }

  /** The raw status of an instance ({@code zone/name}), or null when it does not exist. */
  public synchronized String status(String instanceId) {
    advance();
    Map<String, Object> i = instances.get(instanceId);
    return i == null ? null : (String) i.get("status");
  }

  /** A copy of an instance as the API shows it, or null. */
  public synchronized Map<String, Object> instance(String instanceId) {
    advance();
    Map<String, Object> i = instances.get(instanceId);
    return i == null ? null : new LinkedHashMap<>(i);
  }

  /** Every instance id ({@code zone/name}). */
  public synchronized List<String> instanceIds() {
    advance();
    return List.copyOf(instances.keySet());
  }

  @Override
  public void close() {
    api.close();
  }

  // ------------------------------------------------------------------ catalog

  private void defaultCatalog(String z) {
    List<Map<String, Object>> m = new ArrayList<>();
    m.add(machineType(z, "e2-medium", 2, 4096, null, 0));
    m.add(machineType(z, "e2-standard-2", 2, 8192, null, 0));
    m.add(machineType(z, "e2-standard-4", 4, 16384, null, 0));
    for (int n : new int[] {4, 8, 16, 32}) m.add(machineType(z, "n1-standard-" + n, n, n * 3840, null, 0));
    m.add(machineType(z, "g2-standard-8", 8, 32768, "nvidia-l4", 1));
    m.add(machineType(z, "a2-highgpu-1g", 12, 87040, "nvidia-tesla-a100", 1));
    machineTypes.put(z, m);
    accelerators.put(z, new ArrayList<>(List.of(accelerator(z, "nvidia-tesla-t4", "NVIDIA T4", 4),
        accelerator(z, "nvidia-l4", "NVIDIA L4", 8), accelerator(z, "nvidia-tesla-a100", "NVIDIA A100 40GB", 16))));
  }

  private void defaultSkus() {
    Object[][] rows = {{"Nvidia Tesla T4 GPU", 0.35, 0.14}, {"Nvidia L4 GPU", 0.56, 0.2231},
        {"Nvidia Tesla A100 GPU", 2.9339, 1.1472}, {"N1 Predefined Instance Core", 0.031611, 0.006655},
        {"N1 Predefined Instance Ram", 0.004237, 0.000892}, {"G2 Instance Core", 0.02291, 0.009},
        {"G2 Instance Ram", 0.002684, 0.00105}, {"A2 Instance Core", 0.031611, 0.012644},
        {"A2 Instance Ram", 0.004237, 0.001695}, {"E2 Instance Core", 0.021811, 0.006543},
        {"E2 Instance Ram", 0.002923, 0.000877}};
    for (Object[] r : rows) {
      skus.add(sku(r[0] + " running in Americas", "OnDemand", (Double) r[1]));
      skus.add(sku("Spot Preemptible " + r[0] + " running in Americas", "Preemptible", (Double) r[2]));
    }
    skus.add(sku("Commitment v1: Nvidia Tesla T4 GPU in Americas for 1 Year", "Commit1Yr", 0.22));
  }

  private static Map<String, Object> machineType(String z, String name, int cpus, int memMb, String acc, int n) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("kind", "compute#machineType");
    m.put("name", name);
    m.put("guestCpus", cpus);
    m.put("memoryMb", memMb);
    m.put("zone", z);
    m.put("selfLink", OLD_HOST + "/projects/" + PROJECT + "/zones/" + z + "/machineTypes/" + name);
    if (acc != null) m.put("accelerators", List.of(Map.of("guestAcceleratorType", acc, "guestAcceleratorCount", n)));
    return m;
  }

  private static Map<String, Object> accelerator(String z, String name, String description, int max) {
    return new LinkedHashMap<>(Map.of("kind", "compute#acceleratorType", "name", name, "description", description,
        "zone", OLD_HOST + "/projects/" + PROJECT + "/zones/" + z, "maximumCardsPerInstance", max));
  }

  private static Map<String, Object> sku(String description, String usage, double price) {
    long units = (long) Math.floor(price);
    long nanos = Math.round((price - units) * 1e9);
    Map<String, Object> rate = Map.of("startUsageAmount", 0, "unitPrice",
        Map.of("currencyCode", "USD", "units", String.valueOf(units), "nanos", nanos));
    return new LinkedHashMap<>(Map.of("skuId", UUID.randomUUID().toString().substring(0, 14), "description",
        description, "category", Map.of("serviceDisplayName", "Compute Engine", "resourceFamily", "Compute",
            "usageType", usage), "serviceRegions", List.of("us-central1", "europe-west4"), "pricingInfo",
        List.of(Map.of("pricingExpression", Map.of("usageUnit", description.contains("Ram") ? "GiBy.h" : "h",
            "tieredRates", List.of(rate))))));
  }

  // ------------------------------------------------------------------ token, metadata, billing

  private synchronized Response token(Request r) {
    tokenRequests++;
    Map<String, String> form = form(r.bodyText());
    if (!"urn:ietf:params:oauth:grant-type:jwt-bearer".equals(form.get("grant_type"))) {
      return Response.json(400, Map.of("error", "unsupported_grant_type", "error_description",
          "Invalid grant_type: " + form.get("grant_type")));
    }
    String why = verify(form.getOrDefault("assertion", ""));
    if (why != null) return Response.json(400, Map.of("error", "invalid_grant", "error_description", why));
    String t = "ya29.fake-" + UUID.randomUUID();
    tokens.add(t);
    return Response.json(200, Map.of("access_token", t, "expires_in", tokenLifetimeSeconds, "token_type", "Bearer"));
  }

  /** Null when the JWT assertion is signed by a trusted service account and asks for a sane token. */
  private String verify(String jwt) {
    String[] parts = jwt.split("\\.");
    if (parts.length != 3) return "Invalid JWT: not three parts.";
    try {
      Base64.Decoder d = Base64.getUrlDecoder();
      Map<?, ?> header = (Map<?, ?>) com.dumontcloud.sdk.testkit.http.JsonTrees.parse(
          new String(d.decode(parts[0]), StandardCharsets.UTF_8));
      Map<?, ?> claims = (Map<?, ?>) com.dumontcloud.sdk.testkit.http.JsonTrees.parse(
          new String(d.decode(parts[1]), StandardCharsets.UTF_8));
      if (!"RS256".equals(header.get("alg"))) return "Invalid JWT: alg must be RS256.";
      PublicKey key = serviceAccounts.get(String.valueOf(claims.get("iss")));
      if (key == null) return "Invalid JWT: unknown issuer.";
      Signature s = Signature.getInstance("SHA256withRSA");
      s.initVerify(key);
      s.update((parts[0] + "." + parts[1]).getBytes(StandardCharsets.US_ASCII));
      if (!s.verify(d.decode(parts[2]))) return "Invalid JWT Signature.";
      double iat = ((Number) claims.get("iat")).doubleValue();
      double exp = ((Number) claims.get("exp")).doubleValue();
      if (exp <= iat || exp - iat > 3600) return "Invalid JWT: Token must be a short-lived token (60 minutes).";
      if (!String.valueOf(claims.get("scope")).contains("cloud-platform")) return "Invalid JWT: no scope.";
      return null;
    } catch (Exception e) {
      return "Invalid JWT: " + e.getClass().getSimpleName();
    }
  }

  private Response metadata(Request r) {
    if (!"Google".equals(r.header("Metadata-Flavor"))) {
      return Response.text(403, "Missing required header \"Metadata-Flavor\"");
    }
    Response ok = switch (r.path()) {
      case "/computeMetadata/v1/instance/service-accounts/default/token" -> {
        String t = "ya29.metadata-" + UUID.randomUUID();
        tokens.add(t);
        synchronized (this) {
          tokenRequests++;
        }
        yield Response.json(200, Map.of("access_token", t, "expires_in", tokenLifetimeSeconds, "token_type", "Bearer"));
      }
      case "/computeMetadata/v1/project/project-id" -> Response.text(200, PROJECT);
      default -> Response.text(404, "Not Found");
    };
    return ok.withHeader("Metadata-Flavor", "Google");
  }

  private synchronized Response skus(Request r) {
    if (!billingEnabled) {
      return error(403, "Cloud Billing API has not been used in project my-project before or it is disabled.",
          "accessNotConfigured", "PERMISSION_DENIED");
    }
    int from = r.queryParam("pageToken").map(Integer::parseInt).orElse(0);
    int to = Math.min(skus.size(), from + Math.min(pageSize, 5000));
    return Response.json(200, Map.of("skus", new ArrayList<>(skus.subList(from, to)), "nextPageToken",
        to < skus.size() ? String.valueOf(to) : ""));
  }

  // ------------------------------------------------------------------ lists

  private synchronized List<Map<String, Object>> zoneList() {
    List<Map<String, Object>> out = new ArrayList<>();
    for (String z : zones) {
      out.add(Map.of("kind", "compute#zone", "name", z, "status", "UP", "region", OLD_HOST + "/projects/" + PROJECT
          + "/regions/" + z.substring(0, z.lastIndexOf('-'))));
    }
    return out;
  }

  private synchronized Map<String, List<Map<String, Object>>> instancesByZone(Request r) {
    advance();
    String filter = r.queryParam("filter").orElse("");
    Map<String, List<Map<String, Object>>> out = new LinkedHashMap<>();
    for (Map.Entry<String, Map<String, Object>> e : instances.entrySet()) {
      Map<?, ?> labels = (Map<?, ?>) e.getValue().getOrDefault("labels", Map.of());
      Matcher m = LABEL.matcher(filter);
      boolean ok = true;
      while (m.find()) ok &= m.group(2).equals(labels.get(m.group(1)));
      if (ok) out.computeIfAbsent(e.getKey().substring(0, e.getKey().indexOf('/')), k -> new ArrayList<>())
          .add(new LinkedHashMap<>(e.getValue()));
    }
    return out;
  }

  private synchronized Map<String, List<Map<String, Object>>> opsByZone(Request r) {
    advance();
    Matcher m = OP_TYPE.matcher(r.queryParam("filter").orElse(""));
    String type = m.find() ? m.group(1) : null;
    Map<String, List<Map<String, Object>>> out = new LinkedHashMap<>();
    for (Op op : operations.values()) {
      if (type != null && !type.equals(op.json.get("operationType"))) continue;
      String zone = last((String) op.json.get("zone"));
      out.computeIfAbsent(zone, k -> new ArrayList<>()).add(new LinkedHashMap<>(op.json));
    }
    return out;
  }

  private Response page(Request r, List<Map<String, Object>> all, String kind) {
    int from = r.queryParam("pageToken").map(Integer::parseInt).orElse(0);
    int size = r.queryParam("maxResults").map(Integer::parseInt).orElse(pageSize);
    int to = Math.min(all.size(), from + size);
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("kind", kind);
    if (to > from) body.put("items", new ArrayList<>(all.subList(from, to)));
    if (to < all.size()) body.put("nextPageToken", String.valueOf(to));
    return Response.json(200, body);
  }

  /** An aggregatedList: the items of all zones paged together, keyed {@code zones/<zone>}, empty zones warned. */
  private Response aggregated(Request r, Map<String, List<Map<String, Object>>> byZone, String key) {
    List<String[]> flat = new ArrayList<>();
    List<Map<String, Object>> items = new ArrayList<>();
    synchronized (this) {
      for (String z : zones) {
        for (Map<String, Object> m : byZone.getOrDefault(z, List.of())) {
          flat.add(new String[] {z});
          items.add(m);
        }
      }
    }
    int from = r.queryParam("pageToken").map(Integer::parseInt).orElse(0);
    int to = Math.min(items.size(), from + r.queryParam("maxResults").map(Integer::parseInt).orElse(pageSize));
    Map<String, Object> scopes = new LinkedHashMap<>();
    for (String z : zones) {
      scopes.put("zones/" + z, Map.of("warning", Map.of("code", "NO_RESULTS_ON_PAGE", "message",
          "There are no results for scope 'zones/" + z + "' on this page.")));
    }
    Map<String, List<Object>> found = new LinkedHashMap<>();
    for (int i = from; i < to; i++) found.computeIfAbsent(flat.get(i)[0], k -> new ArrayList<>()).add(items.get(i));
    found.forEach((z, l) -> scopes.put("zones/" + z, Map.of(key, l)));
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("items", scopes);
    if (to < items.size()) body.put("nextPageToken", String.valueOf(to));
    return Response.json(200, body);
  }

  // ------------------------------------------------------------------ instances and operations

  @SuppressWarnings("unchecked")
  private synchronized Response insert(Request r) {
    advance();
    String zone = r.pathParam("z");
    String requestId = r.queryParam("requestId").orElse(null);
    if (requestId != null) {
      String seen = requestIds.get(requestId);
      if (seen != null) return json(op(seen));
      try {
        if (UUID.fromString(requestId).equals(new UUID(0, 0))) throw new IllegalArgumentException();
      } catch (IllegalArgumentException e) {
        return error(400, "Invalid value for field 'requestId': '" + requestId + "'. Must be a valid UUID.",
            "invalid", "INVALID_ARGUMENT");
      }
    }
    Map<String, Object> body = r.jsonObject();
    String name = (String) body.get("name");
    if (name == null || !name.matches("[a-z]([-a-z0-9]{0,61}[a-z0-9])?")) {
      return error(400, "Invalid value for field 'resource.name': '" + name + "'.", "invalid", "INVALID_ARGUMENT");
    }
    String type = last((String) body.get("machineType"));
    Map<String, Object> mt = machineTypes.getOrDefault(zone, List.of()).stream()
        .filter(m -> m.get("name").equals(type)).findFirst().orElse(null);
    if (mt == null) {
      return error(400, "Invalid value for field 'resource.machineType': '" + body.get("machineType")
          + "'. Machine type with name '" + type + "' does not exist in zone '" + zone + "'.", "invalid",
          "INVALID_ARGUMENT");
    }
    boolean gpu = mt.containsKey("accelerators") || body.containsKey("guestAccelerators");
    Map<String, Object> sched = (Map<String, Object>) body.getOrDefault("scheduling", Map.of());
    if (mt.containsKey("accelerators") && body.containsKey("guestAccelerators")) {
      return error(400, "Machine type " + type + " has built-in accelerators; guestAccelerators must not be set.",
          "invalid", "INVALID_ARGUMENT");
    }
    if (gpu && !"TERMINATE".equals(sched.get("onHostMaintenance"))) {
      return error(400, "Instances with guest accelerators do not support live migration.", "badRequest",
          "INVALID_ARGUMENT");
    }
    if (instances.containsKey(zone + "/" + name)) {
      return error(409, "The resource 'projects/" + PROJECT + "/zones/" + zone + "/instances/" + name
          + "' already exists", "alreadyExists", "ALREADY_EXISTS");
    }
    String region = zone.substring(0, zone.lastIndexOf('-'));
    if (gpu && quotas.containsKey("global")) {
      return error(403, "Quota '" + quotas.get("global") + "' exceeded.  Limit: 0.0 globally.", "quotaExceeded",
          "PERMISSION_DENIED");
    }
    Map<String, Object> target = Map.of("name", name, "id", String.valueOf(++ids), "zone", zone);
    Map<String, Object> opJson = opJson("operation-" + clock.get().toEpochMilli() + "-" + hex(), zone, "insert",
        target, "PENDING");
    Map<String, Object> error = null;
    int http = 0;
    if (stockouts.contains(zone)) {
      error = opError("ZONE_RESOURCE_POOL_EXHAUSTED", "The zone 'projects/" + PROJECT + "/zones/" + zone
          + "' does not have enough resources available to fulfill the request.  Try a different zone, or try again"
          + " later.", Map.of("errorInfo", Map.of("reason", "resource_availability", "domain",
          "compute.googleapis.com", "metadatas", Map.of("zone", zone, "vmType", type, "zonesAvailable", ""))));
      http = 503;
    } else if (quotas.containsKey(region)) {
      error = opError("QUOTA_EXCEEDED", "Quota '" + quotas.get(region) + "' exceeded.  Limit: 0.0 in region "
          + region + ".", Map.of("quotaInfo", Map.of("metricName", "compute.googleapis.com/" + quotas.get(region)
          .toLowerCase(java.util.Locale.ROOT), "dimensions", Map.of("region", region), "limit", 0)));
      http = 403;
    }
    Map<String, Object> err = error;
    int status = http;
    String key = zone + "/" + name;
    Op op = new Op(opJson, clock.get().plus(opDuration), () -> {
      if (err != null) {
        opJson.put("error", Map.of("errors", List.of(err)));
        opJson.put("httpErrorStatusCode", status);
        opJson.put("httpErrorMessage", status == 503 ? "SERVICE UNAVAILABLE" : "FORBIDDEN");
        return;
      }
      instances.put(key, newInstance(zone, name, (String) target.get("id"), body, mt));
      if (preemptOnCreate.contains(zone) && "SPOT".equals(sched.get("provisioningModel"))) {
        preempted(key);
        return;
      }
      transitions.add(new Transition(key, clock.get().plus(bootDuration.dividedBy(2)), "STAGING"));
      transitions.add(new Transition(key, clock.get().plus(bootDuration), "RUNNING"));
    });
    operations.put((String) opJson.get("name"), op);
    if (requestId != null) requestIds.put(requestId, (String) opJson.get("name"));
    return json(opJson);
  }

  @SuppressWarnings("unchecked")
  private Map<String, Object> newInstance(String zone, String name, String id, Map<String, Object> body,
      Map<String, Object> mt) {
    Map<String, Object> i = new LinkedHashMap<>();
    i.put("kind", "compute#instance");
    i.put("id", id);
    i.put("name", name);
    i.put("zone", OLD_HOST + "/projects/" + PROJECT + "/zones/" + zone);
    i.put("machineType", OLD_HOST + "/projects/" + PROJECT + "/zones/" + zone + "/machineTypes/" + mt.get("name"));
    i.put("status", "PROVISIONING");
    i.put("creationTimestamp", ts(clock.get()));
    i.put("cpuPlatform", "Unknown CPU Platform");
    i.put("labels", new LinkedHashMap<>((Map<String, Object>) body.getOrDefault("labels", Map.of())));
    i.put("labelFingerprint", hex());
    Map<String, Object> md = new LinkedHashMap<>((Map<String, Object>) body.getOrDefault("metadata", Map.of()));
    md.put("fingerprint", hex());
    i.put("metadata", md);
    Map<String, Object> sched = new LinkedHashMap<>((Map<String, Object>) body.getOrDefault("scheduling", Map.of()));
    if ("SPOT".equals(sched.get("provisioningModel"))) sched.put("preemptible", true);
    i.put("scheduling", sched);
    List<Object> ga = new ArrayList<>();
    for (Object o : (List<Object>) body.getOrDefault("guestAccelerators", List.of())) {
      Map<String, Object> a = (Map<String, Object>) o;
      ga.add(Map.of("acceleratorType", OLD_HOST + "/projects/" + PROJECT + "/zones/" + zone + "/acceleratorTypes/"
          + last((String) a.get("acceleratorType")), "acceleratorCount", a.get("acceleratorCount")));
    }
    if (!ga.isEmpty()) i.put("guestAccelerators", ga);
    Map<String, Object> ac = new LinkedHashMap<>(Map.of("type", "ONE_TO_ONE_NAT", "name", "External NAT",
        "networkTier", "PREMIUM"));
    Map<String, Object> nic = new LinkedHashMap<>(Map.of("network", OLD_HOST + "/projects/" + PROJECT
        + "/global/networks/default", "networkIP", "127.0.0.1", "name", "nic0"));
    nic.put("accessConfigs", new ArrayList<>(List.of(ac)));
    i.put("networkInterfaces", List.of(nic));
    i.put("disks", List.of(Map.of("boot", true, "autoDelete", true, "type", "PERSISTENT", "deviceName", name)));
    i.put("selfLink", OLD_HOST + "/projects/" + PROJECT + "/zones/" + zone + "/instances/" + name);
    return i;
  }

  private Response getInstance(Request r) {
    try {
      return json(instance(r));
    } catch (NotFound e) {
      return notFound(r);
    }
  }

  private synchronized Response getOp(Request r) {
    if (!operations.containsKey(r.pathParam("o"))) {
      return error(404, "The resource 'projects/" + PROJECT + "/zones/" + r.pathParam("z") + "/operations/"
          + r.pathParam("o") + "' was not found", "notFound", "NOT_FOUND");
    }
    return json(op(r.pathParam("o")));
  }

  private synchronized Map<String, Object> instance(Request r) {
    advance();
    Map<String, Object> i = instances.get(r.pathParam("z") + "/" + r.pathParam("n"));
    if (i == null) throw new NotFound(r);
    return i;
  }

  private synchronized Response change(Request r, String type, String now, String done) {
    Map<String, Object> i;
    try {
      i = instance(r);
    } catch (NotFound e) {
      return notFound(r);
    }
    String key = r.pathParam("z") + "/" + r.pathParam("n");
    String requestId = r.queryParam("requestId").orElse(null);
    if (requestId != null && requestIds.containsKey(requestId)) return json(op(requestIds.get(requestId)));
    if (type.equals("stop") && "TERMINATED".equals(i.get("status"))) done = "TERMINATED";
    else i.put("status", now);
    transitions.removeIf(t -> t.key().equals(key));
    String finalStatus = done;
    Map<String, Object> opJson = opJson("operation-" + clock.get().toEpochMilli() + "-" + hex(), r.pathParam("z"),
        type, i, "PENDING");
    operations.put((String) opJson.get("name"), new Op(opJson, clock.get().plus(opDuration), () -> {
      if (finalStatus == null) instances.remove(key);
      else if (finalStatus.equals("TERMINATED")) stopped(i);
      else {
        i.put("status", finalStatus);
        i.put("lastStartTimestamp", ts(clock.get()));
        ac(i).put("natIP", "127.0.0.1");
      }
    }));
    if (requestId != null) requestIds.put(requestId, (String) opJson.get("name"));
    return json(opJson);
  }

  private synchronized Response setLabels(Request r) {
    return fingerprinted(r, "labelFingerprint", "labelFingerprint", "setLabels", (i, body) ->
        i.put("labels", new LinkedHashMap<>((Map<?, ?>) body.getOrDefault("labels", Map.of()))));
  }

  @SuppressWarnings("unchecked")
  private synchronized Response setMetadata(Request r) {
    return fingerprinted(r, "fingerprint", null, "setMetadata", (i, body) -> {
      Map<String, Object> md = new LinkedHashMap<>();
      md.put("items", body.getOrDefault("items", List.of()));
      md.put("fingerprint", hex());
      i.put("metadata", md);
    });
  }

  @SuppressWarnings("unchecked")
  private Response fingerprinted(Request r, String bodyField, String instanceField, String type,
      java.util.function.BiConsumer<Map<String, Object>, Map<String, Object>> apply) {
    Map<String, Object> i;
    try {
      i = instance(r);
    } catch (NotFound e) {
      return notFound(r);
    }
    Map<String, Object> body = r.jsonObject();
    Object current = instanceField != null ? i.get(instanceField)
        : ((Map<String, Object>) i.getOrDefault("metadata", Map.of())).get("fingerprint");
    if (staleFingerprint || !String.valueOf(current).equals(String.valueOf(body.get(bodyField)))) {
      staleFingerprint = false;
      if (instanceField != null) i.put(instanceField, hex());
      else ((Map<String, Object>) i.get("metadata")).put("fingerprint", hex());
      return error(412, "Supplied fingerprint does not match current " + bodyField + ".", "conditionNotMet",
          "FAILED_PRECONDITION");
    }
    apply.accept(i, body);
    if (instanceField != null) i.put(instanceField, hex());
    Map<String, Object> opJson = opJson("operation-" + clock.get().toEpochMilli() + "-" + hex(), r.pathParam("z"),
        type, i, "DONE");
    operations.put((String) opJson.get("name"), new Op(opJson, clock.get(), () -> { }));
    return json(opJson);
  }

  private synchronized Map<String, Object> op(String name) {
    advance();
    Op op = operations.get(name);
    if (op == null) throw new IllegalStateException("no operation " + name);
    Instant now = clock.get();
    if (!"DONE".equals(op.json.get("status")) && now.isAfter(op.doneAt.minus(opDuration.dividedBy(5).multipliedBy(4)))) {
      op.json.put("status", "RUNNING");
      op.json.put("startTime", ts(now));
      op.json.put("progress", 50);
    }
    return op.json;
  }

  private Map<String, Object> opJson(String name, String zone, String type, Map<String, Object> target,
      String status) {
    Map<String, Object> op = new LinkedHashMap<>();
    op.put("kind", "compute#operation");
    op.put("id", String.valueOf(++ids));
    op.put("name", name);
    op.put("zone", OLD_HOST + "/projects/" + PROJECT + "/zones/" + zone);
    op.put("operationType", type);
    op.put("targetLink", OLD_HOST + "/projects/" + PROJECT + "/zones/" + zone + "/instances/" + target.get("name"));
    op.put("targetId", target.get("id"));
    op.put("status", status);
    op.put("user", "gpu-sdk@" + PROJECT + ".iam.gserviceaccount.com");
    op.put("progress", "DONE".equals(status) ? 100 : 0);
    op.put("insertTime", ts(clock.get()));
    op.put("selfLink", OLD_HOST + "/projects/" + PROJECT + "/zones/" + zone + "/operations/" + name);
    return op;
  }

  private static Map<String, Object> opError(String code, String message, Map<String, Object> detail) {
    return Map.of("code", code, "message", message, "errorDetails", List.of(detail));
  }

  /** Apply every operation and boot step that is due on the fake's clock. */
  private void advance() {
    Instant now = clock.get();
    for (Op op : new ArrayList<>(operations.values())) if (!now.isBefore(op.doneAt)) finish(op);
    for (Transition t : new ArrayList<>(transitions)) {
      if (!now.isBefore(t.at())) {
        apply(t);
        transitions.remove(t);
      }
    }
  }

  private void finish(Op op) {
    if ("DONE".equals(op.json.get("status")) && op.json.containsKey("endTime")) return;
    op.json.put("status", "DONE");
    op.json.put("progress", 100);
    op.json.put("endTime", ts(clock.get()));
    op.effect.run();
  }

  private void apply(Transition t) {
    Map<String, Object> i = instances.get(t.key());
    if (i == null) return;
    i.put("status", t.status());
    if (t.status().equals("RUNNING")) {
      i.put("lastStartTimestamp", ts(clock.get()));
      i.put("cpuPlatform", "Intel Cascade Lake");
      ac(i).put("natIP", "127.0.0.1");
    }
  }

  private void stopped(Map<String, Object> i) {
    i.put("status", "TERMINATED");
    i.put("lastStopTimestamp", ts(clock.get()));
    ac(i).remove("natIP");
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> ac(Map<String, Object> i) {
    Map<String, Object> nic = ((List<Map<String, Object>>) i.get("networkInterfaces")).get(0);
    return ((List<Map<String, Object>>) nic.get("accessConfigs")).get(0);
  }

  private static final class NotFound extends RuntimeException {
    NotFound(Request r) {
      super(r.path(), null, false, false);
    }
  }

  private static Response notFound(Request r) {
    return error(404, "The resource 'projects/" + PROJECT + "/zones/" + r.pathParam("z") + "/instances/"
        + r.pathParam("n") + "' was not found", "notFound", "NOT_FOUND");
  }

  private Response json(Map<String, Object> m) {
    return Response.json(200, m);
  }

  private static Response error(int code, String message, String reason, String status) {
    return Response.json(code, Map.of("error", Map.of("code", code, "message", message, "status", status,
        "errors", List.of(Map.of("message", message, "domain", "global", "reason", reason)))));
  }

  private static Map<String, String> form(String body) {
    Map<String, String> out = new HashMap<>();
    for (String kv : body.split("&")) {
      int i = kv.indexOf('=');
      if (i > 0) {
        out.put(URLDecoder.decode(kv.substring(0, i), StandardCharsets.UTF_8),
            URLDecoder.decode(kv.substring(i + 1), StandardCharsets.UTF_8));
      }
    }
    return out;
  }

  private static String last(String url) {
    return url == null ? null : url.substring(url.lastIndexOf('/') + 1);
  }

  private static String ts(Instant t) {
    return OffsetDateTime.ofInstant(t, ZoneOffset.ofHours(-8)).format(TS);
  }

  private static String hex() {
    return UUID.randomUUID().toString().substring(0, 13).replace("-", "");
  }
}
