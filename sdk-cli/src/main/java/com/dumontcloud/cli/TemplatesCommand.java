package com.dumontcloud.cli;

import com.dumontcloud.sdk.catalog.TemplateCatalog;
import com.dumontcloud.sdk.model.ModelJson;
import com.dumontcloud.sdk.model.Template;
import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code dumont templates list|show}. */
@Command(name = "templates", description = "Built-in launch templates.",
    subcommands = {TemplatesCommand.List.class, TemplatesCommand.Show.class})
final class TemplatesCommand {
  @Command(name = "list", description = "List templates.")
  static final class List implements Runnable {
    @Option(names = "--json", description = "Print JSON ({\"templates\": [...]}, seed 001 shape).")
    boolean json;

    @Override
    public void run() {
      java.util.List<Template> all = TemplateCatalog.all();
      if (json) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("templates", all.stream().map(ModelJson::template).toList());
        CliContext.printJson(m);
        return;
      }
      Table t = new Table("NAME", "CATEGORY", "MODEL", "IMAGE", "MIN VRAM", "MAX $/H");
      for (Template x : all) {
        t.row(x.name(), x.category().name().toLowerCase(), x.modelId(), x.image(), String.format("%.0f", x.minGpuRamGib()),
            x.maxPricePerHour() == null ? "-" : x.maxPricePerHour().rounded(2));
      }
      t.print(System.out);
    }
  }

  @Command(name = "show", description = "Show one template.")
  static final class Show implements Runnable {
    @Parameters(paramLabel = "NAME")
    String name;

    @Option(names = "--json", description = "Print JSON.")
    boolean json;

    @Override
    public void run() {
      Template t = TemplateCatalog.get(name);
      Map<String, Object> m = ModelJson.template(t);
      if (json) {
        CliContext.printJson(m);
        return;
      }
      m.forEach((k, v) -> System.out.printf("%-16s %s%n", k + ":", v));
    }
  }
}
