package com.dumontcloud.cli;

import com.dumontcloud.sdk.model.ModelJson;
import com.dumontcloud.sdk.model.Template;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code dumont templates list|show|apply}. */
@Command(name = "templates", description = "Launch templates: the built-in ones and your own (templates apply -f).",
    subcommands = {TemplatesCommand.List.class, TemplatesCommand.Show.class, TemplatesCommand.Apply.class})
final class TemplatesCommand {
  @Command(name = "list", description = "List templates (built-in first, then yours).")
  static final class List implements Runnable {
    @Mixin Output out;

    @Override
    public void run() {
      out.check();
      java.util.List<Template> all = CustomTemplates.all();
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("templates", all.stream().map(ModelJson::template).toList());
      if (out.printData(m)) return;
      Table t = new Table("NAME", "CATEGORY", "MODEL", "IMAGE", "PORT", "MIN VRAM", "MAX PRICE/H", "SOURCE")
          .shrink("MODEL", "IMAGE").wideOnly("PORT", "SOURCE");
      for (Template x : all) {
        t.row(x.name(), x.category().name().toLowerCase(java.util.Locale.ROOT), x.modelId(), x.image(),
            x.port() > 0 ? String.valueOf(x.port()) : "-",
            x.minGpuRamGib() > 0 ? Fmt.number(x.minGpuRamGib()) + " GiB" : "-", out.money(x.maxPricePerHour()),
            CustomTemplates.isStored(x) ? "yours" : "built-in");
      }
      t.print(System.out, out.wide());
    }
  }

  @Command(name = "show", description = "Show one template.")
  static final class Show implements Runnable {
    @Parameters(paramLabel = "NAME", description = "Template name.")
    String name;

    @Mixin Output out;

    @Override
    public void run() {
      out.check();
      Template t = CustomTemplates.resolve(name, null);
      if (out.printData(ModelJson.template(t))) return;
      new Table.Fields().add("name", t.name()).add("display name", t.displayName())
          .add("category", t.category().name().toLowerCase(java.util.Locale.ROOT))
          .add("description", t.description()).add("image", t.image()).add("model", t.modelId())
          .add("port", t.port() > 0 ? t.port() + " (health " + t.healthPath() + ")" : "-")
          .add("min GPU RAM", t.minGpuRamGib() > 0 ? Fmt.number(t.minGpuRamGib()) + " GiB" : "-")
          .add("VRAM needed", t.vramRequiredGib() > 0 ? Fmt.number(t.vramRequiredGib()) + " GiB" : "-")
          .add("max price", out.perHour(t.maxPricePerHour())).add("recommended GPU", t.recommendedGpu())
          .add("config", Fmt.pairs(t.config())).add("env", Fmt.join(t.env().keySet().stream().toList()))
          .add("args", t.args().isEmpty() ? "-" : String.join(" ", t.args()))
          .add("CPU fallback", t.cpuFallback() == null ? "-" : "yes")
          .add("source", CustomTemplates.isStored(t) ? "yours (" + CustomTemplates.dir() + ")" : "built-in")
          .print(System.out);
    }
  }

  @Command(name = "apply", description = {"Add or replace one of your templates from a YAML or JSON file.",
      "It is stored under $DUMONT_HOME/templates and usable by name: instances",
      "launch --template, deployment specs and endpoints create."},
      footer = {"", "A template file (only name and image are required):",
          "  name: my-notebook", "  image: jupyter/pytorch-notebook:latest", "  port: 8888",
          "  health_path: /api", "  min_gpu_ram: 16          # GiB per GPU", "  max_price: 0.60          # $/h cap",
          "  env: {JUPYTER_TOKEN: secret}", "  args: [start-notebook.py, --ip=0.0.0.0]",
          "  config: {disk_gb: 80, onstart: 'pip install -r requirements.txt'}",
          "", "Examples:", "  dumont templates apply -f my-notebook.yaml",
          "  dumont instances launch --template my-notebook --wait"})
  static final class Apply implements Runnable {
    @Option(names = {"-f", "--file"}, required = true, paramLabel = "FILE", description = "Template file (.yaml, .yml or .json).")
    Path file;

    @Override
    public void run() {
      boolean existed = CustomTemplates.stored().stream().anyMatch(t -> t.name().equalsIgnoreCase(
          String.valueOf(DeploymentsCommand.Apply.readSpec(file).get("name"))));
      Template t = CustomTemplates.store(file);
      System.out.println("template " + t.name() + (existed ? " replaced" : " created") + " (" + t.image() + ")");
    }
  }
}
