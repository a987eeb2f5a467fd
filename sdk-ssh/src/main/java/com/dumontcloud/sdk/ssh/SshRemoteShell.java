package com.dumontcloud.sdk.ssh;

import com.dumontcloud.sdk.exception.DumontException;
import com.dumontcloud.sdk.model.Instance;
import com.dumontcloud.sdk.remote.ExecOptions;
import com.dumontcloud.sdk.remote.ExecResult;
import com.dumontcloud.sdk.remote.HostKeyMismatchException;
import com.dumontcloud.sdk.remote.RemoteException;
import com.dumontcloud.sdk.remote.RemoteShell;
import com.dumontcloud.sdk.remote.RemoteShellContext;
import com.dumontcloud.sdk.remote.RemoteTimeoutException;
import com.dumontcloud.sdk.spi.SshAccess;
import com.dumontcloud.sdk.spi.SshAccess.Endpoint;
import com.dumontcloud.sdk.ssh.internal.BoundedCapture;
import com.dumontcloud.sdk.ssh.internal.Names;
import com.dumontcloud.sdk.ssh.internal.PinnedHostKeys;
import com.dumontcloud.sdk.ssh.internal.SshKeys;
import com.dumontcloud.sdk.time.Scheduler;
import io.github.resilience4j.core.IntervalFunction;
import io.github.resilience4j.retry.Retry;
import io.github.resilience4j.retry.RetryConfig;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.sshd.client.SshClient;
import org.apache.sshd.client.auth.pubkey.UserAuthPublicKeyFactory;
import org.apache.sshd.client.channel.ChannelExec;
import org.apache.sshd.client.channel.ClientChannelEvent;
import org.apache.sshd.client.config.hosts.HostConfigEntryResolver;
import org.apache.sshd.client.session.ClientSession;
import org.apache.sshd.common.keyprovider.KeyIdentityProvider;
import org.apache.sshd.sftp.client.SftpClient;
import org.apache.sshd.sftp.client.SftpClientFactory;
import org.apache.sshd.sftp.common.SftpConstants;
import org.apache.sshd.sftp.common.SftpException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link RemoteShell} over SSH with Apache MINA SSHD.
 *
 * <ul>
 *   <li><b>Keys</b>: one ed25519 pair per identity, generated on first use at {@code <home>/ssh/<identity>/id_ed25519}
 *       (0600, directory 0700) and reused, or the user's own private key ({@link RemoteShellContext#privateKey()}).
 *   <li><b>Key installation</b>: once per instance through the provider's {@link SshAccess#installPublicKey}, recorded
 *       in {@code <home>/ssh/installed/<provider>/<instanceId>} (the key's fingerprint) so another process does not
 *       install again. Connection refused and authentication failures are then retried with exponential backoff
 *       (resilience4j) for a bounded window on the scheduler's clock (default 30 s: a key takes seconds to become
 *       effective on Vast); the installation itself is never retried. A stale marker (authentication fails although
 *       it says installed) leads to one more installation, which providers treat as idempotent.
 *   <li><b>Host keys</b>: pinned on first use per instance in {@code <home>/ssh/known_hosts/<provider>/<instanceId>}
 *       (OpenSSH known_hosts format); a different key later is refused with {@link HostKeyMismatchException}.
 *   <li><b>Sessions</b> are cached per instance and endpoint, shared by threads, and closed by {@link #close()}.
 *   <li><b>Timeouts</b> of commands and copies are wall-clock: they bound real network I/O and remote processes
 *       that run in real time, also when the SDK runs on a virtual scheduler.
 * </ul>
 */
public final class SshRemoteShell implements RemoteShell {
  private static final Logger log = LoggerFactory.getLogger(SshRemoteShell.class);
  private static final Map<String, Integer> SIGNALS = Map.ofEntries(Map.entry("HUP", 1), Map.entry("INT", 2),
      Map.entry("QUIT", 3), Map.entry("ILL", 4), Map.entry("TRAP", 5), Map.entry("ABRT", 6), Map.entry("BUS", 7),
      Map.entry("FPE", 8), Map.entry("KILL", 9), Map.entry("USR1", 10), Map.entry("SEGV", 11), Map.entry("USR2", 12),
      Map.entry("PIPE", 13), Map.entry("ALRM", 14), Map.entry("TERM", 15));

  private final RemoteShellContext context;
  private final Scheduler scheduler;
  private final Duration connectWindow;
  private final Duration connectTimeout;
  private final PinnedHostKeys pins;
  private final SshClient client;
  private final RetryConfig retryConfig;
  private final Map<String, Cached> sessions = new ConcurrentHashMap<>();
  private final Map<String, Object> locks = new ConcurrentHashMap<>();
  private volatile SshKeys keys;
  private volatile ScheduledExecutorService watchdog;
  private volatile boolean closed;

  private record Cached(Endpoint endpoint, ClientSession session) {}

  /** A connection attempt that may succeed when retried (refused, or the key not effective yet). */
  private static final class Retryable extends RuntimeException {
    final boolean auth;

    Retryable(String message, boolean auth) {
      super(message, null, false, false);
      this.auth = auth;
    }
  }

  private SshRemoteShell(Builder b) {
    this.context = Objects.requireNonNull(b.context, "context");
    this.scheduler = context.scheduler() != null ? context.scheduler() : Scheduler.system();
    this.connectWindow = b.connectWindow;
    this.connectTimeout = b.connectTimeout;
    this.pins = new PinnedHostKeys(context.home());
    this.retryConfig = RetryConfig.custom()
        .maxAttempts(Integer.MAX_VALUE)
        .intervalFunction(IntervalFunction.ofExponentialBackoff(b.initialBackoff, 2.0, Duration.ofSeconds(4)))
        .retryOnException(t -> t instanceof Retryable)
        .build();
    SshClient c = SshClient.setUpDefaultClient();
    c.setServerKeyVerifier(pins);
    c.setHostConfigEntryResolver(HostConfigEntryResolver.EMPTY); // never the user's ~/.ssh/config
    c.setKeyIdentityProvider(KeyIdentityProvider.EMPTY_KEYS_PROVIDER); // never the user's ~/.ssh/id_* keys
    c.setUserAuthFactories(List.of(UserAuthPublicKeyFactory.INSTANCE));
    c.start();
    this.client = c;
  }

  public static SshRemoteShell create(RemoteShellContext context) {
    return builder(context).build();
  }

  public static Builder builder(RemoteShellContext context) {
    return new Builder(context);
  }

  // ---------------------------------------------------------------- RemoteShell

  @Override
  public ExecResult exec(Instance instance, String command, ExecOptions options) {
    Objects.requireNonNull(instance, "instance");
    Objects.requireNonNull(command, "command");
    Objects.requireNonNull(options, "options");
    long t0 = System.nanoTime();
    long deadline = t0 + options.timeout().toNanos();
    for (int attempt = 0; ; attempt++) {
      ClientSession s = session(instance);
      BoundedCapture out = new BoundedCapture(options.maxOutputBytes(), options.stdoutSink());
      BoundedCapture err = new BoundedCapture(options.maxOutputBytes(), options.stderrSink());
      ChannelExec ch = null;
      try {
        ch = s.createExecChannel(command);
        ch.setOut(out);
        ch.setErr(err);
        ch.setIn(options.stdin() != null ? options.stdin() : InputStream.nullInputStream());
        ch.open().verify(Math.max(1, remainingMillis(deadline)));
      } catch (IOException | RuntimeException e) {
        if (ch != null) ch.close(true);
        evict(instance, s);
        if (attempt == 0 && remainingMillis(deadline) > 0) continue; // a cached session went stale: reconnect once
        throw new RemoteException("cannot run a command on " + label(instance) + ": " + Names.reason(e));
      }
      try {
        Set<ClientChannelEvent> ev = ch.waitFor(EnumSet.of(ClientChannelEvent.CLOSED),
            Math.max(1, remainingMillis(deadline)));
        if (ev.contains(ClientChannelEvent.TIMEOUT) && !ev.contains(ClientChannelEvent.CLOSED)) {
          ch.close(true);
          throw new RemoteTimeoutException("the command '" + program(command) + "' on " + label(instance)
              + " did not finish within " + human(options.timeout()) + " and was killed");
        }
        Integer status = ch.getExitStatus();
        String signal = ch.getExitSignal();
        int exit;
        if (status != null) {
          exit = status;
        } else if (signal != null) {
          exit = 128 + SIGNALS.getOrDefault(signal.toUpperCase(java.util.Locale.ROOT).replace("SIG", ""), 0);
        } else {
          evict(instance, s);
          throw new RemoteException("the connection to " + label(instance) + " closed before the command '"
              + program(command) + "' reported an exit status");
        }
        out.flush();
        err.flush();
        return new ExecResult(exit, out.text(), err.text(), out.truncated() || err.truncated(),
            Duration.ofNanos(System.nanoTime() - t0));
      } finally {
        ch.close(false);
      }
    }
  }

  @Override
  public void upload(Instance instance, Path local, String remotePath, Duration timeout) {
    Objects.requireNonNull(local, "local");
    Objects.requireNonNull(remotePath, "remotePath");
    if (!Files.isRegularFile(local)) {
      throw new RemoteException("cannot upload " + local + " to " + label(instance) + ": the local file does not exist");
    }
    sftp(instance, timeout, "upload " + local + " to " + remotePath + " on", sftp -> {
      int slash = remotePath.lastIndexOf('/');
      if (slash > 0) mkdirs(sftp, remotePath.substring(0, slash), instance);
      try (InputStream in = Files.newInputStream(local); OutputStream out = sftp.write(remotePath, 64 * 1024)) {
        in.transferTo(out);
      }
    });
  }

  @Override
  public void download(Instance instance, String remotePath, Path local, Duration timeout) {
    Objects.requireNonNull(local, "local");
    Objects.requireNonNull(remotePath, "remotePath");
    sftp(instance, timeout, "download " + remotePath + " from", sftp -> {
      Path abs = local.toAbsolutePath();
      Files.createDirectories(abs.getParent());
      Path tmp = Files.createTempFile(abs.getParent(), "." + abs.getFileName(), ".part");
      try {
        try (InputStream in = sftp.read(remotePath, 64 * 1024);
            OutputStream out = Files.newOutputStream(tmp, StandardOpenOption.TRUNCATE_EXISTING)) {
          in.transferTo(out);
        }
        Files.move(tmp, abs, StandardCopyOption.REPLACE_EXISTING);
      } finally {
        Files.deleteIfExists(tmp);
      }
    });
  }

  @Override
  public List<String> sshCommand(Instance instance) {
    SshAccess access = access(instance);
    session(instance); // installs the key and pins the host key
    Endpoint ep = endpoint(access, instance);
    return List.of("ssh", "-i", keys().privateKeyFile().toAbsolutePath().toString(), "-o", "IdentitiesOnly=yes",
        "-o", "UserKnownHostsFile=" + pins.file(instance.providerId(), instance.id()).toAbsolutePath(),
        "-o", "StrictHostKeyChecking=yes", "-p", String.valueOf(ep.port()), ep.user() + "@" + ep.host());
  }

  /** The OpenSSH public key this shell logs in with ({@code ssh-ed25519 AAAA... dumont-<identity>}). */
  public String publicKey() {
    return keys().publicKey();
  }

  /** The private key file this shell logs in with. */
  public Path privateKeyFile() {
    return keys().privateKeyFile();
  }

  /** The pinned known_hosts file of an instance (may not exist yet). */
  public Path knownHostsFile(Instance instance) {
    return pins.file(instance.providerId(), instance.id());
  }

  @Override
  public void close() {
    closed = true;
    for (Cached c : sessions.values()) c.session().close(true);
    sessions.clear();
    ScheduledExecutorService w = watchdog;
    if (w != null) w.shutdownNow();
    try {
      client.stop();
    } catch (RuntimeException e) {
      log.debug("ssh client stop failed: {}", e.toString());
    }
  }

  @Override
  public String toString() {
    return "SshRemoteShell[identity=" + context.identity() + ", home=" + context.home() + ", sessions="
        + sessions.size() + "]";
  }

  // ---------------------------------------------------------------- sessions

  private ClientSession session(Instance instance) {
    if (closed) throw new RemoteException("the SSH client is closed");
    SshAccess access = access(instance);
    Endpoint ep = endpoint(access, instance);
    String key = key(instance);
    Cached c = sessions.get(key);
    if (usable(c, ep)) return c.session();
    synchronized (locks.computeIfAbsent(key, k -> new Object())) {
      c = sessions.get(key);
      if (usable(c, ep)) return c.session();
      if (c != null) {
        sessions.remove(key);
        c.session().close(true);
      }
      ClientSession s = connect(access, instance, ep);
      sessions.put(key, new Cached(ep, s));
      return s;
    }
  }

  private static boolean usable(Cached c, Endpoint ep) {
    return c != null && c.endpoint().equals(ep) && c.session().isOpen() && !c.session().isClosing()
        && c.session().isAuthenticated();
  }

  private void evict(Instance instance, ClientSession s) {
    String key = key(instance);
    Cached c = sessions.get(key);
    if (c != null && c.session() == s && sessions.remove(key, c)) s.close(true);
  }

  private ClientSession connect(SshAccess access, Instance instance, Endpoint ep) {
    boolean installedNow = ensureInstalled(access, instance, false);
    boolean mayReinstall = !installedNow;
    Instant deadline = scheduler.now().plus(connectWindow);
    Retry.AsyncContext<Object> retry = Retry.of("ssh-connect", retryConfig).asyncContext();
    Endpoint current = ep;
    while (true) {
      Retryable failure;
      try {
        ClientSession s = attempt(instance, current);
        retry.onComplete();
        return s;
      } catch (Retryable e) {
        failure = e;
      }
      if (failure.auth && mayReinstall) {
        // the marker said installed but the key is not accepted (instance recreated, key removed): install once more
        mayReinstall = false;
        ensureInstalled(access, instance, true);
      }
      long delay = retry.onError(failure);
      if (delay < 0 || scheduler.now().plusMillis(delay).isAfter(deadline)) {
        throw new RemoteException("cannot log in to " + label(instance) + " at " + current + ": " + failure.getMessage()
            + " (retried for " + human(connectWindow) + ")");
      }
      log.debug("[instance={}, endpoint={}, delayMs={}] ssh connect retry: {}", label(instance), current, delay,
          failure.getMessage());
      try {
        scheduler.sleep(Duration.ofMillis(delay));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new RemoteException("interrupted while connecting to " + label(instance));
      }
      current = endpoint(access, instance);
    }
  }

  private ClientSession attempt(Instance instance, Endpoint ep) {
    PinnedHostKeys.Target target = new PinnedHostKeys.Target(label(instance),
        pins.file(instance.providerId(), instance.id()), ep.host(), ep.port());
    ClientSession s = null;
    boolean authPhase = false;
    try {
      s = client.connect(ep.user(), ep.host(), ep.port(), PinnedHostKeys.context(target), null)
          .verify(connectTimeout.toMillis()).getSession();
      s.addPublicKeyIdentity(keys().keyPair());
      authPhase = true;
      s.auth().verify(connectTimeout.toMillis());
      return s;
    } catch (IOException | RuntimeException e) {
      if (s != null) s.close(true);
      if (target.mismatch() != null) throw new HostKeyMismatchException(target.mismatch());
      if (refused(e)) throw new Retryable("connection refused", false);
      if (authPhase) throw new Retryable("the key was not accepted", true);
      throw new RemoteException("cannot connect to " + label(instance) + " at " + ep + ": " + Names.reason(e));
    }
  }

  private static boolean refused(Throwable e) {
    for (Throwable c = e; c != null; c = c.getCause()) {
      if (c instanceof java.net.ConnectException) return true;
      if (c.getCause() == c) break;
    }
    return false;
  }

  private boolean ensureInstalled(SshAccess access, Instance instance, boolean force) {
    Path marker = context.home().resolve("ssh").resolve("installed").resolve(Names.segment(instance.providerId()))
        .resolve(Names.segment(instance.id()));
    String fp = keys().fingerprint();
    try {
      if (!force && Files.exists(marker) && Files.readAllLines(marker, StandardCharsets.UTF_8).contains(fp)) {
        return false;
      }
    } catch (IOException e) {
      log.debug("[instance={}] unreadable key marker {}: {}", label(instance), marker, e.toString());
    }
    try {
      access.installPublicKey(instance, keys().publicKey());
    } catch (DumontException e) {
      throw new RemoteException("cannot install the SSH key on " + label(instance) + ": " + e.getMessage(), e);
    }
    try {
      Files.createDirectories(marker.getParent());
      Files.writeString(marker, fp + "\n", StandardCharsets.UTF_8, StandardOpenOption.CREATE,
          StandardOpenOption.APPEND);
    } catch (IOException e) {
      log.debug("[instance={}] cannot write key marker {}: {}", label(instance), marker, e.toString());
    }
    log.debug("[instance={}, fingerprint={}] installed the SSH public key", label(instance), fp);
    return true;
  }

  private SshAccess access(Instance instance) {
    Objects.requireNonNull(instance, "instance");
    return context.access().apply(instance.providerId()).orElseThrow(() -> new RemoteException(
        "provider '" + instance.providerId() + "' of instance " + instance.id()
            + " offers no SSH access, so commands and file copies on it are not available"));
  }

  private static Endpoint endpoint(SshAccess access, Instance instance) {
    return access.sshEndpoint(instance).orElseThrow(() -> new RemoteException(label(instance)
        + " has no SSH address: it is not running (stopped, interrupted, terminated or still booting); "
        + "wait until it is RUNNING"));
  }

  private SshKeys keys() {
    SshKeys k = keys;
    if (k == null) {
      synchronized (this) {
        if (keys == null) keys = SshKeys.load(context.home(), context.identity(), context.privateKey());
        k = keys;
      }
    }
    return k;
  }

  // ---------------------------------------------------------------- SFTP

  @FunctionalInterface
  private interface SftpWork {
    void run(SftpClient sftp) throws IOException;
  }

  private void sftp(Instance instance, Duration timeout, String what, SftpWork work) {
    Objects.requireNonNull(timeout, "timeout");
    for (int attempt = 0; ; attempt++) {
      ClientSession s = session(instance);
      SftpClient sftp;
      try {
        sftp = SftpClientFactory.instance().createSftpClient(s);
      } catch (IOException | RuntimeException e) {
        evict(instance, s);
        if (attempt == 0) continue;
        throw new RemoteException("cannot " + what + " " + label(instance) + ": " + Names.reason(e));
      }
      AtomicBoolean timedOut = new AtomicBoolean();
      ScheduledFuture<?> dog = watchdog().schedule(() -> {
        timedOut.set(true);
        try {
          sftp.close();
        } catch (IOException | RuntimeException ignored) {
          // closing is the abort
        }
      }, timeout.toMillis(), TimeUnit.MILLISECONDS);
      try (sftp) {
        work.run(sftp);
        return;
      } catch (RemoteException e) {
        throw e;
      } catch (IOException | RuntimeException e) {
        if (timedOut.get()) {
          throw new RemoteTimeoutException("could not " + what + " " + label(instance) + " within " + human(timeout));
        }
        throw new RemoteException("cannot " + what + " " + label(instance) + ": " + sftpReason(e));
      } finally {
        dog.cancel(false);
      }
    }
  }

  private void mkdirs(SftpClient sftp, String dir, Instance instance) throws IOException {
    StringBuilder p = new StringBuilder(dir.startsWith("/") ? "/" : "");
    for (String part : dir.split("/")) {
      if (part.isEmpty() || part.equals(".")) continue;
      if (p.length() > 0 && p.charAt(p.length() - 1) != '/') p.append('/');
      p.append(part);
      String path = p.toString();
      try {
        if (!sftp.stat(path).isDirectory()) {
          throw new RemoteException("cannot upload to " + label(instance) + ": " + path + " exists and is not a directory");
        }
      } catch (SftpException e) {
        if (e.getStatus() != SftpConstants.SSH_FX_NO_SUCH_FILE) throw e;
        sftp.mkdir(path);
      }
    }
  }

  private static String sftpReason(Throwable e) {
    for (Throwable c = e; c != null; c = c.getCause()) {
      if (c instanceof SftpException s) {
        return switch (s.getStatus()) {
          case SftpConstants.SSH_FX_NO_SUCH_FILE, SftpConstants.SSH_FX_NO_SUCH_PATH -> "no such file or directory";
          case SftpConstants.SSH_FX_PERMISSION_DENIED -> "permission denied";
          case SftpConstants.SSH_FX_FILE_IS_A_DIRECTORY -> "it is a directory";
          case SftpConstants.SSH_FX_NO_SPACE_ON_FILESYSTEM, SftpConstants.SSH_FX_QUOTA_EXCEEDED -> "no space left";
          default -> Names.reason(s);
        };
      }
      if (c.getCause() == c) break;
    }
    return Names.reason(e);
  }

  private ScheduledExecutorService watchdog() {
    ScheduledExecutorService w = watchdog;
    if (w == null) {
      synchronized (this) {
        if (watchdog == null) {
          watchdog = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "dumont-ssh-watchdog");
            t.setDaemon(true);
            return t;
          });
        }
        w = watchdog;
      }
    }
    return w;
  }

  // ---------------------------------------------------------------- helpers

  private static long remainingMillis(long deadlineNanos) {
    return TimeUnit.NANOSECONDS.toMillis(deadlineNanos - System.nanoTime());
  }

  private static String key(Instance instance) {
    return instance.providerId() + "/" + instance.id();
  }

  private static String label(Instance instance) {
    return "instance " + instance.id() + " (" + instance.providerId() + ")";
  }

  private static String program(String command) {
    String c = command.strip();
    int sp = c.indexOf(' ');
    String p = sp < 0 ? c : c.substring(0, sp);
    return p.length() > 40 ? p.substring(0, 40) + "..." : p;
  }

  static String human(Duration d) {
    long ms = d.toMillis();
    if (ms % 1000 != 0) return ms + " ms";
    long s = ms / 1000;
    return s < 120 ? s + " s" : s % 60 == 0 ? (s / 60) + " min" : s + " s";
  }

  /** Builder. */
  public static final class Builder {
    private final RemoteShellContext context;
    private Duration connectWindow = Duration.ofSeconds(30);
    private Duration connectTimeout = Duration.ofSeconds(15);
    private Duration initialBackoff = Duration.ofMillis(500);

    private Builder(RemoteShellContext context) {
      this.context = Objects.requireNonNull(context, "context");
    }

    /** How long (scheduler clock) refused connections and rejected keys are retried after installing (30 s). */
    public Builder connectRetryWindow(Duration d) {
      connectWindow = positive(d, "connectRetryWindow");
      return this;
    }

    /** Wall-clock bound of one TCP connect, key exchange and authentication (15 s). */
    public Builder connectTimeout(Duration d) {
      connectTimeout = positive(d, "connectTimeout");
      return this;
    }

    /** First wait between connection attempts, doubling up to 4 s (500 ms). */
    public Builder initialBackoff(Duration d) {
      initialBackoff = positive(d, "initialBackoff");
      return this;
    }

    private static Duration positive(Duration d, String name) {
      Objects.requireNonNull(d, name);
      if (d.isNegative() || d.isZero()) throw new IllegalArgumentException(name + " must be positive, got " + d);
      return d;
    }

    public SshRemoteShell build() {
      return new SshRemoteShell(this);
    }
  }
}
