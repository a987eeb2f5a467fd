package com.dumontcloud.sdk.ssh.internal;

import java.io.IOException;
import java.net.SocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.PublicKey;
import java.util.List;
import org.apache.sshd.client.keyverifier.ServerKeyVerifier;
import org.apache.sshd.client.session.AbstractClientSession;
import org.apache.sshd.client.session.ClientSession;
import org.apache.sshd.common.AttributeRepository;
import org.apache.sshd.common.AttributeRepository.AttributeKey;
import org.apache.sshd.common.config.keys.KeyUtils;
import org.apache.sshd.common.config.keys.PublicKeyEntry;
import org.apache.sshd.common.config.keys.PublicKeyEntryResolver;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Trust on first use, per instance: the first host key an instance presents is written to
 * {@code <home>/ssh/known_hosts/<provider>/<instanceId>} as an OpenSSH known_hosts line (so the same file serves
 * {@code ssh -o UserKnownHostsFile=}); any other key later is refused. Never accepts all.
 */
public final class PinnedHostKeys implements ServerKeyVerifier {
  private static final Logger log = LoggerFactory.getLogger(PinnedHostKeys.class);

  /** What a connection attempt is for; attached to the connect call's context. */
  public static final AttributeKey<Target> TARGET = new AttributeKey<>();

  /** The instance a connection is for, and where a mismatch is reported back to the caller. */
  public static final class Target {
    final String instanceLabel;
    final Path file;
    final String hostPattern;
    volatile String mismatch;

    public Target(String instanceLabel, Path file, String host, int port) {
      this.instanceLabel = instanceLabel;
      this.file = file;
      this.hostPattern = port == 22 ? host : "[" + host + "]:" + port;
    }

    /** The mismatch message when the connection was refused for a changed host key, else null. */
    public String mismatch() {
      return mismatch;
    }
  }

  private final Path root;

  public PinnedHostKeys(Path home) {
    this.root = home.resolve("ssh").resolve("known_hosts");
  }

  public Path file(String providerId, String instanceId) {
    return root.resolve(Names.segment(providerId)).resolve(Names.segment(instanceId));
  }

  public static AttributeRepository context(Target t) {
    return AttributeRepository.ofKeyValuePair(TARGET, t);
  }

  @Override
  public boolean verifyServerKey(ClientSession session, SocketAddress remoteAddress, PublicKey serverKey) {
    Target t = session instanceof AbstractClientSession a && a.getConnectionContext() != null
        ? a.getConnectionContext().getAttribute(TARGET) : null;
    if (t == null) {
      log.warn("[remote={}] refusing a host key: the connection is not for a known instance", remoteAddress);
      return false;
    }
    synchronized (PinnedHostKeys.class) {
      try {
        PublicKey pinned = read(t.file);
        if (pinned == null) {
          write(t, serverKey);
          log.debug("[instance={}, fingerprint={}] pinned host key on first use", t.instanceLabel,
              KeyUtils.getFingerPrint(serverKey));
          return true;
        }
        if (KeyUtils.compareKeys(pinned, serverKey)) {
          String line = Files.readString(t.file, StandardCharsets.UTF_8).strip();
          if (!line.startsWith(t.hostPattern + " ")) write(t, serverKey); // address moved: keep the file usable by ssh
          return true;
        }
        t.mismatch = "instance " + t.instanceLabel + " presented host key " + KeyUtils.getFingerPrint(serverKey)
            + " but " + KeyUtils.getFingerPrint(pinned) + " was pinned on first use; the connection was refused. "
            + "If the instance was recreated, delete " + t.file + " and retry";
        log.warn("[instance={}] {}", t.instanceLabel, t.mismatch);
        return false;
      } catch (IOException | java.security.GeneralSecurityException | RuntimeException e) {
        t.mismatch = "the pinned host key of instance " + t.instanceLabel + " in " + t.file + " is unreadable ("
            + Names.reason(e) + "); the connection was refused. Delete the file to pin the key afresh";
        return false;
      }
    }
  }

  private static PublicKey read(Path file) throws IOException, java.security.GeneralSecurityException {
    if (!Files.exists(file)) return null;
    List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
    for (String line : lines) {
      String l = line.strip();
      if (l.isEmpty() || l.startsWith("#")) continue;
      int sp = l.indexOf(' ');
      if (sp < 0) throw new IOException("malformed known_hosts line");
      PublicKeyEntry e = PublicKeyEntry.parsePublicKeyEntry(l.substring(sp + 1).strip());
      return e.resolvePublicKey(null, null, PublicKeyEntryResolver.FAILING);
    }
    return null;
  }

  private static void write(Target t, PublicKey key) throws IOException {
    Files.createDirectories(t.file.getParent());
    Path tmp = t.file.resolveSibling(t.file.getFileName() + "." + ProcessHandle.current().pid() + ".tmp");
    Files.writeString(tmp, t.hostPattern + " " + PublicKeyEntry.toString(key) + "\n", StandardCharsets.UTF_8);
    Files.move(tmp, t.file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
  }
}
