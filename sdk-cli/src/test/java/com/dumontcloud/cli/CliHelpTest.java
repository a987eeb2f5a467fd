package com.dumontcloud.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Model.PositionalParamSpec;

/** Help on every command, the generated reference, completion, and no provider advertised that is not registered. */
class CliHelpTest extends CliTestBase {
  static List<CommandLine> all() {
    List<CommandLine> out = new ArrayList<>();
    walk(DumontCli.commandLine(), out);
    return out;
  }

  private static void walk(CommandLine c, List<CommandLine> out) {
    out.add(c);
    c.getSubcommands().values().forEach(s -> walk(s, out));
  }

  static String[] path(CommandLine c, String... extra) {
    List<String> p = new ArrayList<>(List.of(c.getCommandSpec().qualifiedName().split(" ")));
    p.remove(0);
    p.addAll(List.of(extra));
    return p.toArray(String[]::new);
  }

  @Test
  void everyCommand_help_exitsZero_andDescribesEveryOptionAndParameter() {
    List<CommandLine> all = all();
    assertThat(all.size()).isGreaterThan(30);
    for (CommandLine c : all) {
      String name = c.getCommandSpec().qualifiedName();
      for (String flag : List.of("--help", "-h")) {
        assertThat(run(path(c, flag))).as(name + " " + flag + ": " + stderr()).isZero();
        assertThat(stdout()).as(name).contains("Usage: " + name);
      }
      String page = stdout();
      assertThat(run(path(c, "--version"))).as(name + " --version").isZero();
      assertThat(stdout()).contains(DumontCli.VERSION);
      assertThat(c.getCommandSpec().usageMessage().description()).as(name + " has a description").isNotEmpty();
      for (OptionSpec o : c.getCommandSpec().options()) {
        assertThat(page).as(name + " mentions " + o.longestName()).contains(o.longestName());
        assertThat(String.join(" ", o.description())).as(name + " " + o.longestName() + " is described").isNotBlank();
      }
      for (PositionalParamSpec p : c.getCommandSpec().positionalParameters()) {
        assertThat(String.join(" ", p.description())).as(name + " " + p.paramLabel() + " is described").isNotBlank();
        assertThat(page).contains(p.paramLabel());
      }
      assertThat(page).as(name).doesNotContain("Default: []").doesNotContain("Default: null");
      for (String line : c.getCommandSpec().usageMessage().footer()) {
        assertThat(line.length()).as(name + " footer line fits 80 columns: " + line).isLessThanOrEqualTo(80);
      }
      String[] desc = c.getCommandSpec().usageMessage().description();
      for (String line : desc.length > 1 ? desc : new String[0]) { // a one-element description is wrapped
        assertThat(line.length()).as(name + " description line fits 80 columns: " + line).isLessThanOrEqualTo(80);
      }
    }
  }

  @Test
  void mainCommands_haveExamples_andShowDefaults() {
    for (String[] cmd : List.of(new String[] {"instances", "launch"}, new String[] {"offers", "search"},
        new String[] {"deployments", "apply"}, new String[] {"endpoints", "create"})) {
      assertThat(run(cmd[0], cmd[1], "--help")).isZero();
      assertThat(stdout()).contains("Examples:").contains("dumont " + cmd[0] + " " + cmd[1]);
    }
    assertThat(run("instances", "launch", "--help")).isZero();
    assertThat(stdout()).contains("Default: 15m").contains("--image").contains("--max-price");
  }

  @Test
  void helpCommand_showsTheNestedPage_andRejectsUnknownNames() {
    assertThat(run("help", "instances", "launch")).isZero();
    assertThat(stdout()).startsWith("Usage: dumont instances launch");
    assertThat(run("help", "instances")).isZero();
    assertThat(stdout()).startsWith("Usage: dumont instances ");
    assertThat(run("help", "instances", "nope")).isNotZero();
    assertThat(stderr()).contains("no command 'nope'").contains("launch");
  }

  @Test
  void completion_bashAndZsh() {
    assertThat(run("completion", "bash")).isZero();
    assertThat(stdout()).contains("complete").contains("instances").contains("launch");
    assertThat(run("completion", "zsh")).isZero();
    assertThat(stdout()).contains("bashcompinit").contains("instances");
    assertThat(run("completion", "fish")).isNotZero();
    assertThat(stderr()).contains("bash or zsh");
  }

  @Test
  void help_namesOnlyRegisteredProviders() {
    assertThat(run("--help")).isZero();
    String root = stdout().replaceAll("\\s+", " ");
    DumontCli.registered().values().forEach(m -> assertThat(root).contains(m.displayName()));
    if (!DumontCli.registered().containsKey("gcp")) assertThat(root).doesNotContain("GCP");
    assertThat(run("offers", "search", "--help")).isZero();
    assertThat(stdout()).contains(String.join(", ", DumontCli.registered().keySet()));
  }

  @Test
  void cliReference_isWhatTheCommandModelGenerates() throws Exception {
    Path doc = Path.of("..", "docs", "cli.md");
    String generated = CliReference.markdown();
    if (Boolean.getBoolean("dumont.update-docs")) Files.writeString(doc, generated);
    assertThat(doc).as("docs/cli.md is generated: rerun with -Ddumont.update-docs=true").exists();
    assertThat(Files.readString(doc)).as("docs/cli.md is stale: rerun CliHelpTest with -Ddumont.update-docs=true")
        .isEqualTo(generated);
    for (CommandLine c : all()) assertThat(generated).contains("## " + c.getCommandSpec().qualifiedName() + "\n");
  }

  @Test
  void unknownOption_isOneLine_namingTheFlagAndTheHelp() {
    assertThat(run("instances", "list", "--colour")).isEqualTo(2);
    assertThat(stderr().strip().lines().count()).isEqualTo(1);
    assertThat(stderr()).startsWith("error: ").contains("--colour").contains("dumont instances list --help");
  }

  @Test
  void configurationGuide_namesEveryKeyOfEveryRegisteredProvider() throws Exception {
    Path path = Path.of("..", "docs", "configuration.md");
    String generated = CliReference.withProviderKeys(Files.readString(path));
    if (Boolean.getBoolean("dumont.update-docs")) Files.writeString(path, generated);
    String doc = Files.readString(path);
    assertThat(doc).as("docs/configuration.md's key table is stale: rerun CliHelpTest with -Ddumont.update-docs=true")
        .isEqualTo(generated);
    DumontCli.registered().values().forEach(m -> m.configKeys().forEach(k -> {
      assertThat(doc).as(m.id() + " " + k.key()).contains(k.propertyName(m.id())).contains(k.envName(m.id()));
      k.extraEnv().forEach(e -> assertThat(doc).contains(e));
    }));
    assertThat(doc).contains("config.yaml").contains("DUMONT_PROVIDERS").contains("DUMONT_CONTEXT");
  }
}
