package com.dumontcloud.sdk.ssh.internal;

import com.dumontcloud.sdk.remote.RemoteException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.util.Iterator;
import java.util.Set;
import org.apache.sshd.common.NamedResource;
import org.apache.sshd.common.config.keys.FilePasswordProvider;
import org.apache.sshd.common.config.keys.KeyUtils;
import org.apache.sshd.common.config.keys.PublicKeyEntry;
import org.apache.sshd.common.config.keys.writer.openssh.OpenSSHKeyPairResourceWriter;
import org.apache.sshd.common.keyprovider.KeyPairProvider;
import org.apache.sshd.common.util.security.SecurityUtils;

/**
 * The client key pair of one identity: generated (ed25519) on first use at {@code <home>/ssh/<identity>/id_ed25519}
 * with permissions 0600 in a 0700 directory, or the user's own private key file. {@link #toString()} names the
 * file only; the private key material never leaves this object except to MINA's authentication.
 */
public final class SshKeys {
  private static final Set<PosixFilePermission> FILE_0600 = PosixFilePermissions.fromString("rw-------");
  private static final Set<PosixFilePermission> DIR_0700 = PosixFilePermissions.fromString("rwx------");

  private final Path privateKeyFile;
  private final KeyPair keyPair;
  private final String publicKey;

  private SshKeys(Path privateKeyFile, KeyPair keyPair, String comment) {
    this.privateKeyFile = privateKeyFile;
    this.keyPair = keyPair;
    this.publicKey = PublicKeyEntry.toString(keyPair.getPublic()) + (comment == null ? "" : " " + comment);
  }

  /** The user's own private key file, or the generated key of {@code identity} under {@code home}. */
  public static SshKeys load(Path home, String identity, Path userPrivateKey) {
    if (userPrivateKey != null) return new SshKeys(userPrivateKey, read(userPrivateKey), "dumont-" + identity);
    Path dir = home.resolve("ssh").resolve(Names.segment(identity));
    Path file = dir.resolve("id_ed25519");
    synchronized (SshKeys.class) {
      if (!Files.exists(file)) generate(dir, file, "dumont-" + identity);
    }
    return new SshKeys(file, read(file), "dumont-" + identity);
  }

  public KeyPair keyPair() {
    return keyPair;
  }

  /** The public key in OpenSSH format ({@code ssh-ed25519 AAAA... comment}). */
  public String publicKey() {
    return publicKey;
  }

  /** SHA256 fingerprint of the public key ({@code SHA256:...}). */
  public String fingerprint() {
    return KeyUtils.getFingerPrint(keyPair.getPublic());
  }

  public Path privateKeyFile() {
    return privateKeyFile;
  }

  private static void generate(Path dir, Path file, String comment) {
    try {
      boolean posix = FileSystems.getDefault().supportedFileAttributeViews().contains("posix");
      Files.createDirectories(dir);
      if (posix) Files.setPosixFilePermissions(dir, DIR_0700);
      KeyPair kp = KeyUtils.generateKeyPair(KeyPairProvider.SSH_ED25519, 256);
      Path tmp = dir.resolve(file.getFileName() + "." + ProcessHandle.current().pid() + ".tmp");
      Files.deleteIfExists(tmp);
      FileAttribute<?>[] attrs = posix ? new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(FILE_0600)}
          : new FileAttribute<?>[0];
      Files.createFile(tmp, attrs);
      try (OutputStream out = Files.newOutputStream(tmp)) {
        OpenSSHKeyPairResourceWriter.INSTANCE.writePrivateKey(kp, comment, null, out);
      }
      Path pub = dir.resolve(file.getFileName() + ".pub");
      Files.writeString(pub, PublicKeyEntry.toString(kp.getPublic()) + " " + comment + "\n", StandardCharsets.UTF_8);
      try {
        // another process may have generated it meanwhile: keep theirs (the first one wins)
        if (Files.exists(file)) throw new FileAlreadyExistsException(file.toString());
        Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE);
      } finally {
        Files.deleteIfExists(tmp);
      }
    } catch (FileAlreadyExistsException e) {
      // generated concurrently: fine
    } catch (IOException | GeneralSecurityException e) {
      throw new RemoteException("cannot create the SSH key " + file + ": " + Names.reason(e));
    }
  }

  private static KeyPair read(Path file) {
    if (!Files.isRegularFile(file)) {
      throw new RemoteException("SSH private key file " + file + " does not exist; point the SSH key setting at an "
          + "OpenSSH private key file or leave it unset to use a generated key");
    }
    try (InputStream in = Files.newInputStream(file)) {
      Iterable<KeyPair> keys = SecurityUtils.loadKeyPairIdentities(null, NamedResource.ofName(file.toString()), in,
          FilePasswordProvider.EMPTY);
      Iterator<KeyPair> it = keys == null ? null : keys.iterator();
      if (it == null || !it.hasNext()) {
        throw new RemoteException("SSH private key file " + file + " holds no key it can use (OpenSSH or PEM format, "
            + "unencrypted)");
      }
      return it.next();
    } catch (IOException | GeneralSecurityException | RuntimeException e) {
      if (e instanceof RemoteException r) throw r;
      throw new RemoteException("cannot read SSH private key file " + file + " (" + Names.reason(e)
          + "); it must be an unencrypted OpenSSH or PEM private key");
    }
  }

  @Override
  public String toString() {
    return "SshKeys[file=" + privateKeyFile + ", fingerprint=" + fingerprint() + "]";
  }
}
