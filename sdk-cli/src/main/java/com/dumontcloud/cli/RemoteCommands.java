package com.dumontcloud.cli;

import com.dumontcloud.sdk.Dumont;
import com.dumontcloud.sdk.exception.InvalidSpecException;
import com.dumontcloud.sdk.model.Instance;
import com.dumontcloud.sdk.remote.ExecOptions;
import com.dumontcloud.sdk.remote.ExecResult;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code dumont exec}, {@code dumont ssh}, {@code dumont cp}: commands and copies on instances over SSH. */
final class RemoteCommands {
  private RemoteCommands() {}

  static Duration positive(long seconds, String flag) {
    if (seconds <= 0) throw new InvalidSpecException(flag + " must be a positive number of seconds, got " + seconds);
    return Duration.ofSeconds(seconds);
  }

  @Command(name = "exec", description = {"Run a command on an instance over SSH and print its output.",
      "The words after -- are joined with spaces and run by the instance's login shell",
      "(like ssh).",
      "Exits with the command's exit status."},
      footer = {"", "Examples:", "  dumont exec 12345 -- nvidia-smi", "  dumont exec 12345 -- 'df -h | head -3'"})
  static final class Exec extends InstancesCommand.ProviderOptions implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "ID", description = "Instance id.")
    String id;

    @Parameters(index = "1..*", arity = "1..*", paramLabel = "CMD", description = "The command and its arguments.")
    List<String> command;

    @Option(names = "--timeout", paramLabel = "SECONDS", description = "Kill the command after this many seconds.")
    long timeoutSeconds = 600;

    @Override
    public Integer call() {
      Duration timeout = positive(timeoutSeconds, "--timeout");
      try (Dumont d = CliContext.openClient(providers)) {
        ExecOptions o = ExecOptions.timeout(timeout).maxOutputBytes(0).streamTo(System.out, System.err);
        ExecResult r = d.instances().exec(id, String.join(" ", command == null ? List.of() : command), o);
        System.out.flush();
        return r.exitCode();
      }
    }
  }

  @Command(name = "ssh", description = {"Open an interactive shell on an instance.",
      "Uses the OpenSSH client with the SDK's key; the host key is pinned on first use.",
      "With --print, print the ssh command line instead (like vastai ssh-url)."},
      footer = {"", "Examples:", "  dumont ssh sim-1", "  dumont ssh sim-1 --print"})
  static final class Ssh extends InstancesCommand.ProviderOptions implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "ID", description = "Instance id.")
    String id;

    @Option(names = "--print", description = "Print the ssh command instead of running it.")
    boolean print;

    @Override
    public Integer call() throws Exception {
      try (Dumont d = CliContext.openClient(providers)) {
        Instance inst = d.instances().get(id);
        List<String> argv = d.remote().sshCommand(inst);
        if (print || System.console() == null && !Files.isExecutable(Path.of("/usr/bin/ssh"))) {
          System.out.println(String.join(" ", argv.stream().map(RemoteCommands::shellQuote).toList()));
          return 0;
        }
        Process p;
        try {
          p = new ProcessBuilder(argv).inheritIO().start();
        } catch (IOException e) {
          throw new IllegalStateException("could not run '" + argv.get(0) + "' (is an OpenSSH client installed?); "
              + "run 'dumont ssh " + id + " --print' for the command line");
        }
        return p.waitFor();
      }
    }
  }

  @Command(name = "cp", description = {"Copy a file to or from an instance over SSH.",
      "One side is ID:PATH (remote, relative to the login directory unless absolute),",
      "the other a local path."},
      footer = {"", "Examples:", "  dumont cp model.bin 12345:/workspace/model.bin", "  dumont cp 12345:out/result.json ."})
  static final class Cp extends InstancesCommand.ProviderOptions implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "SRC", description = "Source: a local path or ID:PATH.")
    String src;

    @Parameters(index = "1", paramLabel = "DST", description = "Destination: a local path or ID:PATH.")
    String dst;

    @Option(names = "--timeout", paramLabel = "SECONDS", description = "Give up after this many seconds.")
    long timeoutSeconds = 3600;

    @Override
    public Integer call() {
      Duration timeout = positive(timeoutSeconds, "--timeout");
      String[] s = remote(src);
      String[] t = remote(dst);
      if ((s == null) == (t == null)) {
        throw new InvalidSpecException("cp needs exactly one remote side written ID:PATH, got '" + src + "' and '"
            + dst + "'");
      }
      try (Dumont d = CliContext.openClient(providers)) {
        if (s == null) {
          Path local = Path.of(src);
          if (!Files.isRegularFile(local)) throw new InvalidSpecException("no such local file: " + src);
          String remotePath = t[1].isEmpty() || t[1].endsWith("/") ? t[1] + local.getFileName() : t[1];
          d.instances().upload(t[0], local, remotePath, timeout);
          System.err.println("copied " + src + " -> " + t[0] + ":" + remotePath);
        } else {
          Path local = Path.of(dst);
          String name = Path.of(s[1]).getFileName().toString();
          if (Files.isDirectory(local)) local = local.resolve(name);
          d.instances().download(s[0], s[1], local, timeout);
          System.err.println("copied " + s[0] + ":" + s[1] + " -> " + local);
        }
        return 0;
      }
    }

    private static final Pattern REMOTE = Pattern.compile("^([A-Za-z0-9._-]+):(.*)$");

    /** {id, path} when the argument is ID:PATH (and not an existing local path), else null. */
    static String[] remote(String arg) {
      Matcher m = REMOTE.matcher(arg);
      if (!m.matches() || Files.exists(Path.of(arg))) return null;
      return new String[] {m.group(1), m.group(2)};
    }
  }

  @Command(name = "logs", description = {"Print an instance's logs.",
      "From the provider's own log API where it has one (Vast), else the workload's",
      "log file read over SSH. --follow keeps printing new lines (Ctrl-C stops)."},
      footer = {"", "Examples:", "  dumont logs sim-1 --tail 50", "  dumont logs sim-1 -f --file /var/log/app.log"})
  static final class Logs extends InstancesCommand.ProviderOptions implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "ID", description = "Instance id.")
    String id;

    @Option(names = "--tail", paramLabel = "N", description = "Lines from the end.")
    int tail = 200;

    @Option(names = {"-f", "--follow"}, description = "Keep printing new lines (over SSH).")
    boolean follow;

    @Option(names = "--file", paramLabel = "PATH", description = "Log file on the instance to read over SSH (default: the first of "
        + "/var/log/onstart.log, /var/log/dumont-workload.log, ./workload.log that exists).")
    String file;

    @Override
    public Integer call() {
      if (tail < 1 || tail > 100_000) throw new InvalidSpecException("--tail must be in 1..100000, got " + tail);
      try (Dumont d = CliContext.openClient(providers)) {
        Instance inst = d.instances().get(id);
        var api = d.provider(inst.providerId()).capability(com.dumontcloud.sdk.spi.InstanceLogs.class);
        if (api.isPresent() && !follow && file == null) {
          System.out.print(api.get().logs(id, tail));
          System.out.flush();
          return 0;
        }
        String f = file != null ? shellQuote(file)
            : "\"$(for f in /var/log/onstart.log /var/log/dumont-workload.log ./workload.log; do "
              + "[ -f \"$f\" ] && echo \"$f\" && break; done)\"";
        String cmd = "f=" + f + "; [ -n \"$f\" ] && [ -f \"$f\" ] || { echo 'no log file on the instance (use --file)' >&2;"
            + " exit 3; }; tail -n " + tail + (follow ? " -F" : "") + " \"$f\"";
        ExecOptions o = ExecOptions.timeout(follow ? Duration.ofDays(7) : Duration.ofMinutes(2)).maxOutputBytes(0)
            .streamTo(System.out, System.err);
        return d.instances().exec(id, cmd, o).exitCode();
      }
    }
  }

  static String shellQuote(String s) {
    if (s.matches("[A-Za-z0-9@%+=:,./_-]+")) return s;
    return "'" + s.replace("'", "'\"'\"'") + "'";
  }
}
