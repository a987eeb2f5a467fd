package com.dumontcloud.cli;

import com.dumontcloud.sdk.exception.DumontException;
import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** The {@code dumont} command. */
@Command(name = "dumont", mixinStandardHelpOptions = true, version = "dumont 0.1.0-SNAPSHOT",
    description = "Rent, run and protect GPU capacity on cheap GPU clouds (Vast.ai, TensorDock, GCP, simulated).",
    subcommands = {ProvidersCommand.class, OffersCommand.class, TemplatesCommand.class, InstancesCommand.class,
        StatsCommand.class, EndpointsCommand.class, DemoCommand.class, DeploymentsCommand.class, RemoteCommands.Exec.class, RemoteCommands.Ssh.class,
        RemoteCommands.Cp.class, RemoteCommands.Logs.class, ServeCommand.class, CommandLine.HelpCommand.class})
public final class DumontCli implements Runnable {
  @Option(names = "--debug", description = "Print stack traces on errors.", scope = CommandLine.ScopeType.INHERIT)
  boolean debug;

  @CommandLine.Spec
  CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(System.out);
  }

  public static void main(String[] args) {
    System.exit(execute(args));
  }

  /** Run the CLI and return its exit code (tests call this). */
  public static int execute(String... args) {
    CommandLine cl = new CommandLine(new DumontCli());
    cl.setExecutionExceptionHandler((ex, commandLine, parseResult) -> {
      boolean debug = parseResult.originalArgs().contains("--debug");
      PrintWriter err = commandLine.getErr();
      err.println("error: " + message(ex));
      if (debug) ex.printStackTrace(err);
      else err.println("(run with --debug for details)");
      err.flush();
      return expected(ex) ? 1 : 2;
    });
    return cl.execute(args);
  }

  /** Errors a user can act on (bad input, provider answers, missing files): exit 1, message only. */
  static boolean expected(Throwable ex) {
    return ex instanceof DumontException || ex instanceof IllegalArgumentException || ex instanceof IllegalStateException
        || ex instanceof java.io.UncheckedIOException;
  }

  static String message(Throwable ex) {
    String m = ex.getMessage();
    if (m == null || m.isBlank()) m = ex.getClass().getSimpleName();
    if (!expected(ex)) {
      m = ex.getClass().getSimpleName() + ": " + m;
    }
    // keep a query error's caret line; everything else on one line
    String[] lines = m.strip().split("\\R");
    StringBuilder sb = new StringBuilder(lines[0].replaceAll("\\s+", " "));
    for (int i = 1; i < lines.length; i++) sb.append(System.lineSeparator()).append("  ").append(lines[i]);
    return sb.toString();
  }
}
