package com.dumontcloud.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import picocli.CommandLine;

/**
 * The CLI reference ({@code docs/cli.md}), generated from the command model so it cannot drift: every
 * command's help page at a fixed width. Regenerate with
 * {@code mvn -B -q -pl sdk-cli -am verify -Dtest=CliHelpTest -Dsurefire.failIfNoSpecifiedTests=false -Ddumont.update-docs=true}.
 */
public final class CliReference {
  static final int WIDTH = 100;

  private CliReference() {}

  /** The whole reference as Markdown. */
  public static String markdown() {
    CommandLine root = DumontCli.commandLine();
    StringBuilder sb = new StringBuilder();
    sb.append("# CLI reference\n\n");
    sb.append("Generated from the command model (`CliReference`); a test fails when this file and the\n");
    sb.append("commands differ. Every command also prints its page with `--help` (or `dumont help COMMAND...`).\n\n");
    sb.append("Commands:\n\n");
    toc(root, sb, 0);
    sb.append('\n');
    page(root, sb);
    return sb.toString();
  }

  private static void toc(CommandLine c, StringBuilder sb, int depth) {
    for (CommandLine sub : c.getSubcommands().values()) {
      if (sub.getCommandSpec().usageMessage().hidden()) continue;
      String q = sub.getCommandSpec().qualifiedName();
      sb.append("  ".repeat(depth)).append("- [`").append(q).append("`](#").append(q.replace(' ', '-')).append(")\n");
      toc(sub, sb, depth + 1);
    }
  }

  private static void page(CommandLine c, StringBuilder sb) {
    c.setUsageHelpAutoWidth(false);
    c.setUsageHelpWidth(WIDTH);
    String q = c.getCommandSpec().qualifiedName();
    sb.append("<a id=\"").append(q.replace(' ', '-')).append("\"></a>\n");
    sb.append("## ").append(q).append("\n\n```\n");
    sb.append(c.getUsageMessage(CommandLine.Help.Ansi.OFF).stripTrailing().replaceAll("[ \\t]+\\n", "\n"));
    sb.append("\n```\n\n");
    for (CommandLine sub : c.getSubcommands().values()) {
      if (!sub.getCommandSpec().usageMessage().hidden()) page(sub, sb);
    }
  }

  /** Writes the reference: {@code java -cp dumont-cli.jar com.dumontcloud.cli.CliReference docs/cli.md}. */
  public static void main(String[] args) throws IOException {
    Path out = Path.of(args.length > 0 ? args[0] : "docs/cli.md");
    Files.writeString(out, markdown());
    System.out.println("wrote " + out);
  }
}
