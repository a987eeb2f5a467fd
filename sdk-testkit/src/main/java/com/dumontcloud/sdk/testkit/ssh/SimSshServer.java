package com.dumontcloud.sdk.testkit.ssh;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystem;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.PublicKey;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;
import java.util.function.Predicate;
import org.apache.sshd.common.config.keys.AuthorizedKeyEntry;
import org.apache.sshd.common.config.keys.KeyUtils;
import org.apache.sshd.common.config.keys.PublicKeyEntry;
import org.apache.sshd.common.config.keys.PublicKeyEntryResolver;
import org.apache.sshd.common.file.nativefs.NativeFileSystemFactory;
import org.apache.sshd.common.keyprovider.KeyPairProvider;
import org.apache.sshd.common.session.SessionContext;
import org.apache.sshd.scp.server.ScpCommandFactory;
import org.apache.sshd.server.Environment;
import org.apache.sshd.server.SshServer;
import org.apache.sshd.server.channel.ChannelSession;
import org.apache.sshd.server.command.Command;
import org.apache.sshd.server.command.CommandFactory;
import org.apache.sshd.server.keyprovider.SimpleGeneratorHostKeyProvider;
import org.apache.sshd.server.session.ServerSession;
import org.apache.sshd.server.shell.InvertedShell;
import org.apache.sshd.server.shell.InvertedShellWrapper;
import org.apache.sshd.server.subsystem.SubsystemFactory;
import org.apache.sshd.sftp.server.SftpSubsystem;
import org.apache.sshd.sftp.server.SftpSubsystemFactory;

/**
 * An in-process SSH server on 127.0.0.1 (Apache MINA SSHD) standing in for the SSH daemons of simulated instances.
 *
 * <ul>
 *   <li>One server serves every instance; the login user name is the instance id and its home directory is
 *       {@code <hostsRoot>/<instanceId>/}.
 *   <li>Public-key authentication only, against {@code <home>/.ssh/authorized_keys} (see {@link #authorize}).
 *   <li>Exec requests run as a real {@code /bin/sh -c <command>} with the home as working directory, {@code HOME}
 *       set to it and {@code PATH} prefixed with {@code <home>/.sim/bin} (where fakes such as {@code nvidia-smi} live);
 *       a shell request runs {@code /bin/sh -i} the same way (no pty). Closing the channel kills the process tree.
 *   <li>SFTP and SCP: relative paths are relative to the instance home. Absolute paths are used as they are: this
 *       is a test double running as the local user, not a sandbox, so only point it at test directories.
 *   <li>The host key is generated once and kept in {@code <hostsRoot>/.host_key}, so it stays the same across
 *       processes (the CLI runs one process per command); {@link #rotateHostKey()} replaces it for tests.
 *   <li>{@code reachable} decides per login and per command whether the instance answers (the simulated cloud refuses
 *       instances that are not RUNNING); {@code beforeCommand} runs before every command, shell and file transfer (the
 *       simulated cloud materialises workload output there).
 * </ul>
 */
public final class SimSshServer implements AutoCloseable {
  private final Path hostsRoot;
  private final Predicate<String> reachable;
  private final Consumer<String> beforeCommand;
  private final SshServer server;
  private volatile KeyPairProvider hostKeys;

  private SimSshServer(Builder b) {
    this.hostsRoot = b.hostsRoot.toAbsolutePath();
    this.reachable = b.reachable;
    this.beforeCommand = b.beforeCommand;
    this.hostKeys = hostKeyProvider();
    SshServer s = SshServer.setUpDefaultServer();
    s.setHost("127.0.0.1");
    s.setPort(0);
    s.setKeyPairProvider(new KeyPairProvider() {
      @Override
      public Iterable<KeyPair> loadKeys(SessionContext session) throws IOException, GeneralSecurityException {
        return hostKeys.loadKeys(session);
      }
    });
    s.setPasswordAuthenticator(null);
    s.setKeyboardInteractiveAuthenticator(null);
    s.setPublickeyAuthenticator((user, key, session) -> reachable.test(user) && authorized(user, key));
    NativeFileSystemFactory fs = new NativeFileSystemFactory() {
      @Override
      public Path getUserHomeDir(SessionContext session) {
        return home(session.getUsername());
      }
    };
    s.setFileSystemFactory(fs);
    CommandFactory exec = (channel, command) -> process(channel, List.of("/bin/sh", "-c", command));
    CommandFactory scp = new ScpCommandFactory.Builder().withDelegate(exec).build();
    s.setCommandFactory((channel, command) -> {
      admit(channel);
      return scp.createCommand(channel, scpRelativeToHome(channel, command));
    });
    s.setShellFactory(channel -> {
      admit(channel);
      return process(channel, List.of("/bin/sh", "-i"));
    });
    SftpSubsystemFactory sftp = new SftpSubsystemFactory.Builder().build();
    s.setSubsystemFactories(List.of(new SubsystemFactory() {
      @Override
      public String getName() {
        return sftp.getName();
      }

      @Override
      public Command createSubsystem(ChannelSession channel) throws IOException {
        admit(channel);
        Path home = home(channel.getSession().getUsername());
        return new SftpSubsystem(channel, sftp) {
          @Override
          public void setFileSystem(FileSystem fs) {
            super.setFileSystem(fs);
            defaultDir = home; // relative paths are relative to the instance home, not the JVM's working directory
          }
        };
      }
    }));
    this.server = s;
  }

  /** A server for instance homes under {@code hostsRoot}; call {@link #start()}. */
  public static Builder builder(Path hostsRoot) {
    return new Builder(hostsRoot);
  }

  /** Bind to a free port on 127.0.0.1. */
  public SimSshServer start() {
    try {
      Files.createDirectories(hostsRoot);
      server.start();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start the simulated SSH server", e);
    }
    return this;
  }

  public String host() {
    return "127.0.0.1";
  }

  public int port() {
    return server.getPort();
  }

  public Path hostsRoot() {
    return hostsRoot;
  }

  /** The home directory of an instance (not created). */
  public Path home(String instanceId) {
    if (instanceId == null || instanceId.isEmpty() || instanceId.contains("/") || instanceId.contains("\\")
        || instanceId.startsWith(".")) {
      throw new IllegalArgumentException("not an instance id: '" + instanceId + "'");
    }
    return hostsRoot.resolve(instanceId);
  }

  /** The current host key. */
  public PublicKey hostKey() {
    try {
      return hostKeys.loadKeys(null).iterator().next().getPublic();
    } catch (IOException | GeneralSecurityException e) {
      throw new IllegalStateException("cannot load the simulated SSH host key", e);
    }
  }

  /** Replace the host key (new file in {@code .host_key}): clients that pinned the old one must refuse. */
  public synchronized void rotateHostKey() {
    try {
      Files.deleteIfExists(hostsRoot.resolve(".host_key"));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    hostKeys = hostKeyProvider();
    hostKey();
  }

  /** Let an OpenSSH public key log in to {@code home} (appended to {@code .ssh/authorized_keys}; idempotent). */
  public static void authorize(Path home, String openSshPublicKey) {
    Objects.requireNonNull(openSshPublicKey, "openSshPublicKey");
    String key = openSshPublicKey.strip();
    PublicKey parsed = parse(key);
    if (parsed == null) throw new IllegalArgumentException("not an OpenSSH public key: '" + abbreviate(key) + "'");
    Path file = home.resolve(".ssh").resolve("authorized_keys");
    synchronized (SimSshServer.class) {
      try {
        Files.createDirectories(file.getParent());
        for (PublicKey k : keys(file)) if (KeyUtils.compareKeys(k, parsed)) return;
        Files.writeString(file, key + "\n", StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
      } catch (IOException e) {
        throw new UncheckedIOException("cannot write " + file, e);
      }
    }
  }

  @Override
  public void close() {
    try {
      server.stop(true);
    } catch (IOException e) {
      // best effort
    }
  }

  // ---------------------------------------------------------------- internals

  private KeyPairProvider hostKeyProvider() {
    SimpleGeneratorHostKeyProvider p = new SimpleGeneratorHostKeyProvider(hostsRoot.resolve(".host_key"));
    p.setAlgorithm(KeyUtils.EC_ALGORITHM);
    p.setKeySize(256);
    return p;
  }

  private void admit(ChannelSession channel) throws IOException {
    String user = channel.getSession().getUsername();
    if (!reachable.test(user)) {
      channel.getSession().close(false);
      throw new IOException("instance " + user + " is not reachable");
    }
    beforeCommand.accept(user);
  }

  /** {@code scp -t rel/path} resolves against the JVM's working directory: make the path relative to the home. */
  private String scpRelativeToHome(ChannelSession channel, String command) {
    if (!command.startsWith("scp ")) return command;
    List<String> args = new ArrayList<>(CommandFactory.split(command));
    String last = args.get(args.size() - 1);
    if (last.startsWith("-") || last.startsWith("/")) return command;
    Path home = home(channel.getSession().getUsername());
    args.set(args.size() - 1, home.resolve(last.isEmpty() ? "." : last).toString());
    StringBuilder sb = new StringBuilder();
    for (String a : args) {
      if (sb.length() > 0) sb.append(' ');
      sb.append(a.contains(" ") ? "'" + a + "'" : a);
    }
    return sb.toString();
  }

  private boolean authorized(String user, PublicKey key) {
    Path home;
    try {
      home = home(user);
    } catch (IllegalArgumentException e) {
      return false;
    }
    for (PublicKey k : keys(home.resolve(".ssh").resolve("authorized_keys"))) {
      if (KeyUtils.compareKeys(k, key)) return true;
    }
    return false;
  }

  private static List<PublicKey> keys(Path authorizedKeys) {
    List<PublicKey> out = new ArrayList<>();
    if (!Files.exists(authorizedKeys)) return out;
    try {
      for (AuthorizedKeyEntry e : AuthorizedKeyEntry.readAuthorizedKeys(authorizedKeys)) {
        try {
          PublicKey k = e.resolvePublicKey(null, Map.of(), PublicKeyEntryResolver.IGNORING);
          if (k != null) out.add(k);
        } catch (IOException | GeneralSecurityException | RuntimeException ignored) {
          // a line it cannot use
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + authorizedKeys, e);
    }
    return out;
  }

  private static PublicKey parse(String key) {
    try {
      return PublicKeyEntry.parsePublicKeyEntry(key).resolvePublicKey(null, Map.of(), PublicKeyEntryResolver.FAILING);
    } catch (IOException | GeneralSecurityException | RuntimeException e) {
      return null;
    }
  }

  private static String abbreviate(String s) {
    return s.length() > 30 ? s.substring(0, 30) + "..." : s;
  }

  private Command process(ChannelSession channel, List<String> argv) {
    Path home = home(channel.getSession().getUsername());
    return new InvertedShellWrapper(new ProcessOnHome(home, argv));
  }

  /** A real local process in the instance home, its streams pumped by MINA's {@link InvertedShellWrapper}. */
  private static final class ProcessOnHome implements InvertedShell {
    private final Path home;
    private final List<String> argv;
    private ServerSession session;
    private ChannelSession channel;
    private Process process;

    ProcessOnHome(Path home, List<String> argv) {
      this.home = home;
      this.argv = argv;
    }

    @Override
    public void setSession(ServerSession session) {
      this.session = session;
    }

    @Override
    public ServerSession getServerSession() {
      return session;
    }

    @Override
    public ChannelSession getServerChannelSession() {
      return channel;
    }

    @Override
    public void start(ChannelSession channel, Environment env) throws IOException {
      this.channel = channel;
      Files.createDirectories(home.resolve(".sim").resolve("bin"));
      ProcessBuilder pb = new ProcessBuilder(argv).directory(home.toFile());
      Map<String, String> e = pb.environment();
      e.putAll(env.getEnv());
      e.put("HOME", home.toString());
      e.put("USER", home.getFileName().toString());
      e.put("PWD", home.toString());
      String path = System.getenv().getOrDefault("PATH", "/usr/local/bin:/usr/bin:/bin");
      e.put("PATH", home.resolve(".sim").resolve("bin") + ":" + path);
      process = pb.start();
    }

    @Override
    public OutputStream getInputStream() {
      return process.getOutputStream();
    }

    @Override
    public InputStream getOutputStream() {
      return process.getInputStream();
    }

    @Override
    public InputStream getErrorStream() {
      return process.getErrorStream();
    }

    @Override
    public boolean isAlive() {
      return process != null && process.isAlive();
    }

    @Override
    public int exitValue() {
      return process.exitValue();
    }

    @Override
    public void destroy(ChannelSession channel) {
      if (process == null) return;
      // the shell first, then what it started: killing a child first lets the shell run its next command
      // ("sleep 30; touch f" would touch f) before it dies itself
      List<ProcessHandle> children = process.descendants().toList();
      process.destroyForcibly();
      children.forEach(ProcessHandle::destroyForcibly);
    }
  }

  /** Builder. */
  public static final class Builder {
    private final Path hostsRoot;
    private Predicate<String> reachable = id -> true;
    private Consumer<String> beforeCommand = id -> {};

    private Builder(Path hostsRoot) {
      this.hostsRoot = Objects.requireNonNull(hostsRoot, "hostsRoot");
    }

    /** Whether an instance accepts logins and commands now (default: always). */
    public Builder reachable(Predicate<String> p) {
      reachable = Objects.requireNonNull(p, "reachable");
      return this;
    }

    /** Runs before every command, shell and file transfer of an instance, e.g. to materialise workload output. */
    public Builder beforeCommand(Consumer<String> c) {
      beforeCommand = Objects.requireNonNull(c, "beforeCommand");
      return this;
    }

    public SimSshServer build() {
      return new SimSshServer(this);
    }
  }
}
