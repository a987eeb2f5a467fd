package com.dumontcloud.cli;

import com.dumontcloud.sdk.Dumont;
import com.dumontcloud.sdk.advisor.Advisor;
import com.dumontcloud.sdk.advisor.Dtype;
import com.dumontcloud.sdk.advisor.LlmExplainer;
import com.dumontcloud.sdk.advisor.ModelCatalog;
import com.dumontcloud.sdk.advisor.ModelSpec;
import com.dumontcloud.sdk.advisor.Recommendation;
import com.dumontcloud.sdk.advisor.ThroughputKind;
import com.dumontcloud.sdk.advisor.TierChoice;
import com.dumontcloud.sdk.advisor.VramEstimate;
import com.dumontcloud.sdk.advisor.Workload;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code dumont advisor recommend|models}: GPU sizing from a model's real memory needs. */
@Command(name = "advisor", description = {"GPU advisor: the memory a model needs and the live offers that hold it.",
    "Deterministic: weights + KV cache + runtime overhead (docs/advisor.md)."},
    subcommands = {AdvisorCommand.Recommend.class, AdvisorCommand.Models.class})
final class AdvisorCommand {
  @Command(name = "recommend", description = {"Recommend GPUs for a model: three tiers of live offers (minimum,",
      "recommended, maximum) with price and reason, after a memory estimate."},
      footer = {"", "Memory: weights (parameters x bytes per weight) + KV cache (2 x layers x",
          "  KV heads x head dim x 2 bytes x context x concurrency) + 1.5 GiB runtime",
          "  per GPU, over vLLM's gpu_memory_utilization 0.9; GB means GiB.",
          "  Models the catalog lacks need --params (see 'dumont advisor models').",
          "Throughput (~ estimate): decode is memory-bandwidth bound; tokens/s =",
          "  concurrency x 0.6 x GPU bandwidth / (weights per GPU + KV cache of the",
          "  sequences at full context per GPU). --throughput gives a measured one.",
          "--explain adds text by a language model at --llm-url (key: env",
          "  DUMONT_ADVISOR_LLM_KEY, never a flag); the numbers never come from it.",
          "", "Examples:",
          "  dumont advisor recommend --model meta-llama/Llama-3.1-8B-Instruct",
          "  dumont advisor recommend --model meta-llama/Llama-3.1-70B-Instruct --dtype fp8",
          "  dumont advisor recommend --model Qwen/Qwen2.5-7B-Instruct --context 32768 \\",
          "      --concurrency 8 --budget 0.5 -o json",
          "  dumont advisor recommend --model acme/house-model --params 13b",
          "  dumont advisor recommend --model Qwen/Qwen2.5-7B-Instruct --explain \\",
          "      --llm-url https://host/endpoints/ep-1 --llm-model Qwen/Qwen2.5-7B-Instruct"})
  static final class Recommend implements Runnable {
    @Option(names = "--model", required = true, paramLabel = "ID", description = "Hugging Face model id, e.g. "
        + "meta-llama/Llama-3.1-8B-Instruct (quantised builds such as ...-AWQ or ...-FP8 imply their dtype).")
    String model;

    @Option(names = "--params", paramLabel = "N", description = "Parameter count (8b, 0.5b, 500m) of a model the "
        + "catalog lacks; its shape is assumed from the catalog model nearest in size.")
    String params;

    @Option(names = "--context", paramLabel = "TOKENS", description = "Tokens per sequence, prompt and output "
        + "(default: the model's maximum up to 8192).")
    Integer context;

    @Option(names = "--concurrency", paramLabel = "N", description = "Sequences served at once, each with a full "
        + "context in the KV cache (default 1).")
    Integer concurrency;

    @Option(names = "--dtype", paramLabel = "DTYPE", description = "Weight dtype: bf16, fp16, fp8, int8 or int4 "
        + "(default: the model's, or the one its quantised name implies).")
    String dtype;

    @Option(names = "--kv-cache-dtype", paramLabel = "DTYPE", description = "KV cache dtype: fp8 halves the cache "
        + "(default: vLLM's auto, the model's 16-bit dtype).")
    String kvCacheDtype;

    @Option(names = "--gpu-memory-utilization", paramLabel = "SHARE", description = "vLLM's share of each GPU's "
        + "memory (default 0.9).")
    Double utilization;

    @Option(names = "--budget", paramLabel = "USD", description = "Only offers at or below this price, USD per hour "
        + "for the whole offer (always US dollars, as providers bill, whatever --currency shows).")
    Double budget;

    @Option(names = "--type", paramLabel = "TYPE", defaultValue = "any",
        description = "on-demand, bid (spot/interruptible) or any.")
    String type;

    @Option(names = "--throughput", paramLabel = "GPU=TOKENS_PER_S", description = "A measured decode throughput of "
        + "one instance of this GPU (repeatable), for the price per million output tokens; e.g. RTX_4090=1200. "
        + "Without one, a memory-bandwidth estimate is shown, marked ~.")
    List<String> throughput;

    @Option(names = "--explain", description = "Add a plain-language explanation written by a language model at "
        + "--llm-url (off by default; every number still comes from the advisor). Key: env DUMONT_ADVISOR_LLM_KEY.")
    boolean explain;

    @Option(names = "--llm-url", paramLabel = "URL", description = "Base URL of an OpenAI-compatible endpoint for "
        + "--explain, e.g. one of our endpoints' URLs; the request is POST URL/v1/chat/completions.")
    String llmUrl;

    @Option(names = "--llm-model", paramLabel = "MODEL", description = "Model the --llm-url endpoint serves, for "
        + "--explain.")
    String llmModel;

    @Option(names = "--llm-key", paramLabel = "KEY", description = "Refused: a key on the command line leaks into "
        + "shell history and process lists; set env DUMONT_ADVISOR_LLM_KEY instead.")
    String llmKey;

    @Option(names = {"-p", "--provider"}, paramLabel = "ID", completionCandidates = DumontCli.ProviderIds.class,
        description = "Provider: ${COMPLETION-CANDIDATES} (repeatable or comma-separated; default: the current "
            + "context's providers, else sim).")
    List<String> providers;

    @Mixin Output out;

    @Override
    public void run() {
      out.check();
      out.view(); // a bad --currency fails before a search
      LlmExplainer llm = explainer();
      Workload w = workload();
      Long parameters = params == null ? null : ModelCatalog.parseParameters(params);
      Advisor.estimate(model, parameters, w); // bad model or context fails before a search
      try (Dumont d = CliContext.openClient(providers)) {
        Recommendation r = d.advisor().recommend(model, parameters, w);
        r.providerErrors().forEach(e -> System.err.println("warning: provider " + e.providerId() + " failed: "
            + e.message()));
        LlmExplainer.Explanation why = llm == null ? null : llm.explain(r, out.view());
        if (why != null && why.error() != null) System.err.println("warning: " + why.error());
        Map<String, Object> json = new LinkedHashMap<>(r.toMap(out.view()));
        if (why != null) json.put("explanation", why.toMap());
        if (out.printData(json)) return;
        print(r, out);
        if (why != null && why.text() != null) {
          System.out.println();
          System.out.println("explanation (written by " + why.model() + " at " + llm.url() + "; the figures above are "
              + "the advisor's):");
          System.out.println(why.text());
        }
      }
    }

    /** The explainer of --explain, or null; refuses a key on the command line. */
    LlmExplainer explainer() {
      if (llmKey != null) {
        throw new IllegalArgumentException("--llm-key is not accepted: a key on the command line ends up in shell "
            + "history and process lists; set the environment variable " + LlmExplainer.KEY_ENV + " instead");
      }
      if (!explain) {
        if (llmUrl != null || llmModel != null) {
          throw new IllegalArgumentException((llmUrl != null ? "--llm-url" : "--llm-model") + " is only used with "
              + "--explain; add --explain");
        }
        return null;
      }
      if (llmUrl == null) {
        throw new IllegalArgumentException("--explain needs --llm-url URL, an OpenAI-compatible endpoint (e.g. one of "
            + "ours: https://host/endpoints/ID), and --llm-model MODEL");
      }
      return LlmExplainer.builder().url(llmUrl).model(llmModel).build();
    }

    Workload workload() {
      Workload.Builder b = Workload.builder().context(context).maxPricePerHour(budget)
          .pricingModel(OffersCommand.pricing(type));
      if (concurrency != null) b.concurrency(concurrency);
      if (dtype != null) b.dtype(flag("--dtype", dtype));
      if (kvCacheDtype != null) b.kvCacheDtype(flag("--kv-cache-dtype", kvCacheDtype));
      if (utilization != null) b.gpuMemoryUtilization(utilization);
      for (String t : throughput == null ? List.<String>of() : throughput) {
        int eq = t.lastIndexOf('=');
        double tps;
        try {
          tps = eq < 1 ? Double.NaN : Double.parseDouble(t.substring(eq + 1).strip());
        } catch (NumberFormatException e) {
          tps = Double.NaN;
        }
        if (!(tps > 0) || Double.isInfinite(tps)) {
          throw new IllegalArgumentException("--throughput must be GPU=TOKENS_PER_SECOND such as RTX_4090=1200, got '"
              + t + "'");
        }
        b.putThroughput(t.substring(0, eq).replace('_', ' '), tps, "given with --throughput " + t);
      }
      return b.build();
    }

    private static Dtype flag(String name, String v) {
      try {
        return Dtype.parse(v);
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException(name + " must be bf16, fp16, fp8, int8 or int4, got '" + v + "'");
      }
    }

    private static void print(Recommendation r, Output out) {
      VramEstimate e = r.estimate();
      System.out.printf(Locale.ROOT, "%s in %s, %d tokens × %d sequence%s%n", r.model(), e.dtype().wireName(),
          e.context(), e.concurrency(), e.concurrency() == 1 ? "" : "s");
      System.out.printf(Locale.ROOT, "memory: weights %.2f + KV cache %.2f + overhead %.2f = %.2f GiB on one GPU%n",
          e.weightsGib(), e.kvCacheGib(), e.overheadGib(), e.totalGib());
      Table t = new Table("TIER", "GPU", "GPUS", "VRAM", "PRICE/H", "TOKENS/S", "PER M TOKENS", "PROVIDER", "OFFER")
          .shrink("OFFER");
      boolean estimated = false;
      for (TierChoice c : r.tiers()) {
        String mark = c.throughputKind() == ThroughputKind.ESTIMATE ? "~" : "";
        estimated |= !mark.isEmpty();
        t.row(c.tier().wireName(), c.gpu(), c.numGpus(), Fmt.number(com.dumontcloud.sdk.model.ModelJson.round(c.vramGib(), 1)) + " GiB",
            out.money(c.pricePerHour()),
            c.outputTokensPerSecond() == null ? "-" : mark + String.format(Locale.ROOT, "%.1f", c.outputTokensPerSecond()),
            c.pricePerMillionOutputTokens() == null ? "-" : mark + out.money(c.pricePerMillionOutputTokens()),
            c.offer().providerId(), c.offer().id());
      }
      System.out.println();
      t.print(System.out);
      if (estimated) {
        System.out.println("~ estimate: memory-bandwidth roofline (docs/advisor.md); measured figures with --throughput");
      }
      System.out.println();
      for (TierChoice c : r.tiers()) {
        System.out.println(c.tier().wireName() + ": " + c.reason());
        if (c.throughput() != null) System.out.println("  throughput: " + c.throughput().source());
      }
      r.notes().forEach(n -> System.out.println("note: " + n));
      out.printCurrencyNote();
    }
  }

  @Command(name = "models", description = "List the advisor's model catalog: parameters, shape and source.",
      footer = {"", "Examples:", "  dumont advisor models", "  dumont advisor models --family Qwen -o wide",
          "  dumont advisor models -o json | jq '.models[] | select(.kv_heads == 8) | .id'"})
  static final class Models implements Runnable {
    @Option(names = "--family", paramLabel = "NAME", description = "Only this family (Llama, Qwen, Mistral, Phi, "
        + "Gemma, DeepSeek-R1, Whisper, SDXL, BGE; a prefix matches).")
    String family;

    @Mixin Output out;

    @Override
    public void run() {
      out.check();
      List<ModelSpec> all = ModelCatalog.all().stream().filter(m -> family == null || (m.family() != null
          && m.family().toLowerCase(Locale.ROOT).startsWith(family.strip().toLowerCase(Locale.ROOT)))).toList();
      if (all.isEmpty()) {
        throw new IllegalArgumentException("--family: no model of family '" + family + "'; families: " + String.join(", ",
            ModelCatalog.all().stream().map(ModelSpec::family).filter(java.util.Objects::nonNull).distinct().toList()));
      }
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("models", all.stream().map(ModelSpec::toMap).toList());
      if (out.printData(m)) return;
      Table t = new Table("MODEL", "KIND", "PARAMS", "LAYERS", "KV HEADS", "HEAD DIM", "DTYPE", "CONTEXT", "SOURCE")
          .shrink("SOURCE").wideOnly("SOURCE");
      for (ModelSpec s : all) {
        t.row(s.id(), s.kind().wireName(), params(s), dash(s.layers()), dash(s.kvHeads()), dash(s.headDim()),
            s.defaultDtype().wireName(), dash(s.maxContext()), s.source());
      }
      t.print(System.out, out.wide());
      System.out.println(all.size() + " models; any other with --params (dumont advisor recommend --help)");
    }

    private static String params(ModelSpec s) {
      double b = s.parameters() / 1e9;
      String total = b >= 1 ? String.format(Locale.ROOT, "%.1fB", b) : String.format(Locale.ROOT, "%.0fM", b * 1000);
      return s.activeParameters() == null ? total
          : total + " (" + String.format(Locale.ROOT, "%.1fB", s.activeParameters() / 1e9) + " active)";
    }

    private static String dash(Integer v) {
      return v == null ? "-" : String.valueOf(v);
    }
  }
}
