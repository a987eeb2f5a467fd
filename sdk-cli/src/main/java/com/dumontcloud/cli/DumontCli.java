package com.dumontcloud.cli;

import com.dumontcloud.sdk.exception.DumontException;
import com.dumontcloud.sdk.spi.CloudProviderFactory;
import com.dumontcloud.sdk.spi.ProviderMetadata;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.ServiceLoader;
import java.util.TreeMap;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import picocli.AutoComplete;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** The {@code dumont} command. */
@Command(name = "dumont", mixinStandardHelpOptions = true, versionProvider = DumontCli.Version.class,
    description = "Rent, run and protect GPU capacity on cheap GPU clouds.",
    subcommands = {ProvidersCommand.class, OffersCommand.class, TemplatesCommand.class, InstancesCommand.class,
        StatsCommand.class, EndpointsCommand.class, DemoCommand.class, SimulateCommand.class, DeploymentsCommand.class, RemoteCommands.Exec.class,
        RemoteCommands.Ssh.class, RemoteCommands.Cp.class, RemoteCommands.Logs.class, ConfigCommand.class, ServeCommand.class,
        DumontCli.Completion.class, DumontCli.Help.class},
    footer = {"", "Start with:", "  dumont demo                     # the whole story on the simulated cloud",
        "  dumont offers search 'gpu_name=RTX_4090 dph<0.5'",
        "  dumont instances launch --template budget --wait",
        "  dumont help instances launch    # the page of one command",
        "", "State lives in $DUMONT_HOME (default ~/.dumont), settings in its config.yaml",
        "(see 'dumont config view')."})
public final class DumontCli implements Runnable {
  static final String VERSION = "0.1.0-SNAPSHOT";

  @Option(names = "--debug", description = "Print the stack trace of an error.", scope = CommandLine.ScopeType.INHERIT)
  boolean debug;

  @CommandLine.Spec
  CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(System.out);
  }

  public static void main(String[] args) {
    System.exit(execute(args));
  }

  /** The version of every command. */
  static final class Version implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      return new String[] {"dumont " + VERSION, "Java " + System.getProperty("java.version")};
    }
  }

  /** Ids of the registered providers (completion candidates and {@code ${COMPLETION-CANDIDATES}} in help). */
  static final class ProviderIds implements Iterable<String> {
    @Override
    public Iterator<String> iterator() {
      return registered().keySet().iterator();
    }
  }

  /** The providers on the class path, by id. */
  static TreeMap<String, ProviderMetadata> registered() {
    TreeMap<String, ProviderMetadata> byId = new TreeMap<>();
    ServiceLoader.load(CloudProviderFactory.class, DumontCli.class.getClassLoader())
        .forEach(f -> byId.put(f.metadata().id(), f.metadata()));
    return byId;
  }

  /**
   * The command model: every command and subcommand gets {@code -h/--help}, {@code -V/--version} and its
   * defaults in its help; the description names the registered providers only.
   */
  static CommandLine commandLine() {
    CommandLine cl = new CommandLine(new DumontCli());
    List<String> names = new ArrayList<>();
    registered().values().forEach(m -> names.add(m.displayName() + " (" + m.id() + ")"));
    cl.getCommandSpec().usageMessage().description(
        "Rent, run and protect GPU capacity on cheap GPU clouds: " + String.join(", ", names) + ".");
    configure(cl);
    return cl;
  }

  private static void configure(CommandLine c) {
    CommandSpec s = c.getCommandSpec();
    s.mixinStandardHelpOptions(true);
    if (s.version().length == 0) s.versionProvider(new Version());
    s.usageMessage().showDefaultValues(true);
    s.usageMessage().sortOptions(false);
    c.setUsageHelpAutoWidth(true);
    c.setAbbreviatedSubcommandsAllowed(false);
    c.getSubcommands().values().forEach(DumontCli::configure);
  }

  /** Run the CLI and return its exit code (tests call this). */
  public static int execute(String... args) {
    CommandLine cl = commandLine();
    cl.setExecutionExceptionHandler((ex, commandLine, parseResult) -> {
      boolean debug = parseResult.originalArgs().contains("--debug");
      Throwable root = unwrap(ex);
      PrintWriter err = commandLine.getErr();
      String msg = message(root);
      String[] lines = msg.split("\\R", 2);
      err.println("error: " + lines[0] + (debug ? "" : " (--debug for the stack trace)"));
      if (lines.length > 1) err.println(lines[1]);
      if (debug) ex.printStackTrace(err);
      err.flush();
      return expected(root) ? 1 : 2;
    });
    cl.setParameterExceptionHandler((ex, a) -> {
      CommandLine c = ex.getCommandLine();
      PrintWriter err = c.getErr();
      if (ex.getMessage() != null
          && ex.getMessage().startsWith("Missing required subcommand")) {
        c.usage(err);
        err.println();
        err.println("error: '" + c.getCommandSpec().qualifiedName() + "' needs a command: "
            + String.join(", ", c.getSubcommands().keySet()));
        err.flush();
        return 2;
      }
      String m = oneLine(ex.getMessage());
      if (ex instanceof CommandLine.UnmatchedArgumentException u && !u.getSuggestions().isEmpty()) {
        m += "; did you mean " + String.join(" or ", u.getSuggestions()) + "?";
      }
      err.println("error: " + m + " (see '" + c.getCommandSpec().qualifiedName() + " --help')");
      err.flush();
      return 2;
    });
    return cl.execute(args);
  }

  static Throwable unwrap(Throwable ex) {
    Throwable t = ex;
    while ((t instanceof CompletionException || t instanceof ExecutionException
        || t instanceof java.lang.reflect.UndeclaredThrowableException
        || t instanceof java.lang.reflect.InvocationTargetException
        || t instanceof CommandLine.ExecutionException) && t.getCause() != null) {
      t = t.getCause();
    }
    return t;
  }

  /** Errors a user can act on (bad input, provider answers, missing files): exit 1, message only. */
  static boolean expected(Throwable ex) {
    return ex instanceof DumontException || ex instanceof IllegalArgumentException || ex instanceof IllegalStateException
        || ex instanceof java.io.UncheckedIOException || ex instanceof java.io.IOException;
  }

  private static final java.util.regex.Pattern JAVA_NAME =
      java.util.regex.Pattern.compile("\\b(?:[a-z][a-z0-9_]*\\.)+[A-Z][A-Za-z0-9_$]*(?:Exception|Error)(?::\\s*)?");

  /** The SDK's "[provider=sim op=launch attempts=1] " context prefix becomes "sim: ". */
  private static final java.util.regex.Pattern CONTEXT =
      java.util.regex.Pattern.compile("^\\[provider=([^\\s\\]]+)[^\\]]*\\]\\s*");

  /** The message for a person: no Java class names, the first line flattened, a query's caret lines kept. */
  static String message(Throwable ex) {
    String m = ex.getMessage();
    if (m != null) m = JAVA_NAME.matcher(m).replaceAll("").strip();
    if (m != null) m = CONTEXT.matcher(m).replaceFirst("$1: ");
    if (m == null || m.isBlank()) {
      m = ex instanceof NullPointerException ? "internal error: a value was missing"
          : ex instanceof OutOfMemoryError ? "out of memory" : "internal error";
    }
    String[] lines = m.strip().split("\\R");
    StringBuilder sb = new StringBuilder(lines[0].replaceAll("\\s+", " "));
    for (int i = 1; i < lines.length; i++) sb.append(System.lineSeparator()).append("  ").append(lines[i]);
    return sb.toString();
  }

  static String oneLine(String s) {
    return s == null ? "invalid input" : s.strip().replaceAll("\\s*\\R\\s*", "; ");
  }

  /** {@code dumont help [COMMAND...]}: the page of any command, however deep. */
  @Command(name = "help", helpCommand = true, description = "Show the help of a command, e.g. 'dumont help instances launch'.")
  static final class Help implements Runnable, CommandLine.IHelpCommandInitializable2 {
    @Parameters(arity = "0..*", paramLabel = "COMMAND", description = "The command path, e.g. 'instances launch'.")
    List<String> path;

    private CommandLine self;
    private PrintWriter out;
    private CommandLine.Help.ColorScheme colors;

    @Override
    public void init(CommandLine helpCommandLine, CommandLine.Help.ColorScheme colorScheme, PrintWriter out,
        PrintWriter err) {
      this.self = helpCommandLine;
      this.colors = colorScheme;
      this.out = out;
    }

    @Override
    public void run() {
      CommandLine c = self.getParent();
      for (String p : path == null ? List.<String>of() : path) {
        CommandLine sub = c.getSubcommands().get(p);
        if (sub == null) {
          throw new CommandLine.ParameterException(self, "no command '" + p + "' in '"
              + c.getCommandSpec().qualifiedName() + "'; its commands: " + String.join(", ", c.getSubcommands().keySet()));
        }
        c = sub;
      }
      c.usage(out, colors);
      out.flush();
    }
  }

  /** {@code dumont completion bash|zsh}. */
  @Command(name = "completion", description = "Print a shell completion script for bash or zsh.",
      footer = {"", "Examples:", "  source <(dumont completion bash)         # this shell",
          "  dumont completion bash > /etc/bash_completion.d/dumont",
          "  dumont completion zsh > \"${fpath[1]}/_dumont\"",
          "  source <(dumont completion zsh)"})
  static final class Completion implements Runnable {
    @Parameters(paramLabel = "SHELL", description = "bash or zsh.")
    String shell;

    @CommandLine.Spec
    CommandSpec spec;

    @Override
    public void run() {
      String sh = shell.trim().toLowerCase(java.util.Locale.ROOT);
      if (!sh.equals("bash") && !sh.equals("zsh")) {
        throw new IllegalArgumentException("SHELL must be bash or zsh, got '" + shell + "'");
      }
      CommandLine root = spec.root().commandLine();
      String script = AutoComplete.bash(root.getCommandName(), root);
      if (sh.equals("zsh")) {
        script = "#compdef dumont\n# zsh: loads bash completion support, then the bash script below\n"
            + "autoload -U +X compinit && compinit\nautoload -U +X bashcompinit && bashcompinit\n" + script;
      }
      System.out.print(script);
    }
  }
}
