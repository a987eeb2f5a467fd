package com.dumontcloud.sdk.server;

import com.dumontcloud.sdk.spi.support.JsonCodec;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;

/**
 * The server's API keys, kept in {@code api-keys.json} in a directory (the CLI uses {@code $DUMONT_HOME/server}).
 * A key is {@code dk_<id>_<secret>} (a 256-bit random secret); it is shown once when created and stored only as a
 * salted PBKDF2-HMAC-SHA512 hash (the JDK's {@code SecretKeyFactory}). Verified keys are remembered in memory by
 * their SHA-256 so that a request costs one KDF run per key and process; revoking a key clears that memory.
 * Thread-safe; several processes may share the file (each reloads it when it changes).
 */
public final class ApiKeys {
  /** PBKDF2 iterations (OWASP's figure for HMAC-SHA512). */
  public static final int ITERATIONS = 210_000;
  private static final String KDF = "PBKDF2WithHmacSHA512";
  private static final SecureRandom RANDOM = new SecureRandom();

  /**
   * What is known about a key: never its secret. Keys created before roles existed have no stored roles and act as
   * {@code admin} (the migration rule).
   *
   * @param roles role names the key grants (built-in, or custom ones of the server's role mapping)
   * @param teams teams the key's principal belongs to
   */
  public record KeyInfo(String id, String name, Instant createdAt, List<String> roles, List<String> teams) {
    public KeyInfo {
      roles = roles == null || roles.isEmpty() ? List.of("admin") : List.copyOf(roles);
      teams = teams == null ? List.of() : List.copyOf(teams);
    }

    public KeyInfo(String id, String name, Instant createdAt) {
      this(id, name, createdAt, List.of("admin"), List.of());
    }

    /** The subject of the key's principal: {@code key:ID}. */
    public String subject() {
      return "key:" + id;
    }

    public Map<String, Object> toJson() {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("id", id);
      m.put("name", name);
      m.put("created_at", createdAt.toString());
      m.put("roles", roles);
      m.put("teams", teams);
      return m;
    }
  }

  /** A newly created key: the only time its text exists outside the caller. */
  public record NewKey(KeyInfo info, String token) {
    @Override
    public String toString() {
      return "NewKey[" + info.id() + "]"; // never the token
    }
  }

  private final Path file;
  private final Clock clock;
  /** PBKDF2 iterations for new keys; each record keeps its own count, which verification uses. */
  private final int iterations;
  private final Map<String, String> verified = new ConcurrentHashMap<>(); // sha256(token) -> key id
  private List<Map<String, Object>> records = new ArrayList<>();
  private long loadedStamp = Long.MIN_VALUE;

  private ApiKeys(Path dir, Clock clock, int iterations) {
    this.file = dir.resolve("api-keys.json");
    this.clock = clock;
    this.iterations = iterations;
  }

  /** The keys stored in {@code dir/api-keys.json} (the file is created with the first key). */
  public static ApiKeys open(Path dir) {
    return new ApiKeys(dir, Clock.systemUTC(), ITERATIONS);
  }

  public static ApiKeys open(Path dir, Clock clock) {
    return new ApiKeys(dir, clock, ITERATIONS);
  }

  /**
   * Keys hashed with fewer iterations than {@link #ITERATIONS}: only for this package's tests of the routes, which
   * create a key per test and would otherwise spend most of their time in PBKDF2 (about 0.4 s a hash). Not public:
   * every server a user starts hashes with {@link #ITERATIONS}.
   */
  static ApiKeys openWithIterations(Path dir, int iterations) {
    if (iterations < 1) throw new IllegalArgumentException("iterations must be at least 1, got " + iterations);
    return new ApiKeys(dir, Clock.systemUTC(), iterations);
  }

  public Path file() {
    return file;
  }

  /** Create an admin key; its text is in the answer and nowhere else. */
  public synchronized NewKey create(String name) {
    return create(name, List.of("admin"), List.of());
  }

  /**
   * Create a key granting these roles to a principal in these teams.
   *
   * @param roles role names (default admin when empty): built-in ones, or custom roles of the server's role mapping
   * @param teams team names
   */
  public synchronized NewKey create(String name, List<String> roles, List<String> teams) {
    List<String> rs = roles == null || roles.isEmpty() ? List.of("admin") : roles.stream().map(String::strip).toList();
    for (String r : rs) {
      if (!r.matches("[A-Za-z0-9._-]{1,64}")) {
        throw new IllegalArgumentException("--role must be a role name (admin, developer, viewer or a custom role of "
            + "the role mapping), got '" + r + "'");
      }
    }
    List<String> ts = teams == null ? List.of() : teams.stream().map(String::strip).toList();
    for (String t : ts) {
      if (!t.matches("[A-Za-z0-9._-]{1,63}")) {
        throw new IllegalArgumentException("--team must be 1-63 letters, digits, '.', '_' or '-', got '" + t + "'");
      }
    }
    String n = name == null || name.isBlank() ? "key" : name.strip();
    if (!n.matches("[A-Za-z0-9 ._-]{1,64}")) {
      throw new IllegalArgumentException("key name must be 1-64 letters, digits, spaces, '.', '_' or '-', got '" + n + "'");
    }
    load();
    byte[] idb = new byte[4];
    RANDOM.nextBytes(idb);
    String id = HexFormat.of().formatHex(idb);
    byte[] secret = new byte[32];
    RANDOM.nextBytes(secret);
    String token = "dk_" + id + "_" + Base64.getUrlEncoder().withoutPadding().encodeToString(secret);
    byte[] salt = new byte[16];
    RANDOM.nextBytes(salt);
    Map<String, Object> rec = new LinkedHashMap<>();
    rec.put("id", id);
    rec.put("name", n);
    rec.put("created_at", clock.instant().toString());
    rec.put("roles", rs);
    rec.put("teams", ts);
    rec.put("kdf", KDF);
    rec.put("iterations", iterations);
    rec.put("salt", Base64.getEncoder().encodeToString(salt));
    rec.put("hash", Base64.getEncoder().encodeToString(hash(token, salt, iterations)));
    records.add(rec);
    save();
    return new NewKey(info(rec), token);
  }

  public synchronized List<KeyInfo> list() {
    load();
    return records.stream().map(ApiKeys::info).toList();
  }

  public synchronized boolean isEmpty() {
    return list().isEmpty();
  }

  /** Revoke a key by id; false when there is none. */
  public synchronized boolean revoke(String id) {
    load();
    boolean removed = records.removeIf(r -> id.equals(r.get("id")));
    if (removed) {
      save();
      verified.clear();
    }
    return removed;
  }

  /** The key a presented token belongs to, if it is valid now. */
  public Optional<KeyInfo> verify(String token) {
    if (token == null || !token.startsWith("dk_") || token.length() > 200) return Optional.empty();
    String digest = sha256(token);
    Map<String, Object> rec;
    synchronized (this) {
      load();
      String known = verified.get(digest);
      if (known != null) {
        Optional<Map<String, Object>> r = byId(known);
        if (r.isPresent()) return r.map(ApiKeys::info);
        verified.remove(digest);
      }
      String[] parts = token.split("_", 3);
      if (parts.length != 3) return Optional.empty();
      rec = byId(parts[1]).orElse(null);
    }
    if (rec == null) return Optional.empty();
    byte[] salt = Base64.getDecoder().decode((String) rec.get("salt"));
    int iterations = ((Number) rec.get("iterations")).intValue();
    byte[] want = Base64.getDecoder().decode((String) rec.get("hash"));
    if (!MessageDigest.isEqual(want, hash(token, salt, iterations))) return Optional.empty();
    verified.put(digest, (String) rec.get("id"));
    return Optional.of(info(rec));
  }

  private Optional<Map<String, Object>> byId(String id) {
    return records.stream().filter(r -> id.equals(r.get("id"))).findFirst();
  }

  private static KeyInfo info(Map<String, Object> r) {
    return new KeyInfo((String) r.get("id"), (String) r.get("name"), Instant.parse((String) r.get("created_at")),
        names(r.get("roles")), names(r.get("teams")));
  }

  private static List<String> names(Object o) {
    if (!(o instanceof List<?> l)) return List.of();
    return l.stream().map(String::valueOf).toList();
  }

  @SuppressWarnings("unchecked")
  private void load() {
    try {
      long stamp = Files.exists(file) ? Files.getLastModifiedTime(file).toMillis() ^ Files.size(file) : -1;
      if (stamp == loadedStamp) return;
      List<Map<String, Object>> next = new ArrayList<>();
      if (stamp != -1) {
        Object tree = JsonCodec.standard().parse(Files.readString(file, StandardCharsets.UTF_8));
        Object keys = tree instanceof Map<?, ?> m ? m.get("keys") : null;
        if (keys instanceof List<?> l) {
          for (Object o : l) if (o instanceof Map<?, ?> rm) next.add(new LinkedHashMap<>((Map<String, Object>) rm));
        }
      }
      records = next;
      loadedStamp = stamp;
      verified.keySet().retainAll(verified.entrySet().stream()
          .filter(e -> byId(e.getValue()).isPresent()).map(Map.Entry::getKey).toList());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read API keys from " + file + ": " + e.getMessage(), e);
    } catch (IllegalArgumentException e) {
      throw new IllegalStateException("API key file " + file + " is not valid JSON; fix or remove it", e);
    }
  }

  private void save() {
    try {
      Files.createDirectories(file.getParent());
      Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
      Files.writeString(tmp, JsonCodec.standard().writePretty(Map.of("keys", records)), StandardCharsets.UTF_8);
      try {
        Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rw-------"));
      } catch (UnsupportedOperationException e) {
        // not a POSIX file system
      }
      Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
      loadedStamp = Files.getLastModifiedTime(file).toMillis() ^ Files.size(file);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write API keys to " + file + ": " + e.getMessage(), e);
    }
  }

  private static byte[] hash(String token, byte[] salt, int iterations) {
    PBEKeySpec spec = new PBEKeySpec(token.toCharArray(), salt, iterations, 256);
    try {
      return SecretKeyFactory.getInstance(KDF).generateSecret(spec).getEncoded();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("the JDK lacks " + KDF, e);
    } finally {
      spec.clearPassword();
    }
  }

  static String sha256(String s) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8)));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }
}
