package com.dumontcloud.sdk.server.internal;

import com.dumontcloud.sdk.Dumont;
import com.dumontcloud.sdk.advisor.AdvisorException;
import com.dumontcloud.sdk.advisor.Dtype;
import com.dumontcloud.sdk.advisor.LlmExplainer;
import com.dumontcloud.sdk.advisor.ModelCatalog;
import com.dumontcloud.sdk.advisor.ModelSpec;
import com.dumontcloud.sdk.advisor.Recommendation;
import com.dumontcloud.sdk.advisor.UnknownModelException;
import com.dumontcloud.sdk.advisor.Workload;
import com.dumontcloud.sdk.model.PricingModel;
import com.dumontcloud.sdk.pricing.CurrencyView;
import com.dumontcloud.sdk.pricing.FxRates;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The GPU advisor: {@code GET /api/v1/advisor/recommend} (the JSON of {@code dumont advisor recommend -o json}) and
 * {@code GET /api/v1/advisor/models}. Query parameters are named like the CLI's flags ({@code kv_cache_dtype} for
 * {@code --kv-cache-dtype}), and so are they in error details; {@code currency} converts the prices as on the other
 * routes that return money ({@link ProviderRoutes#view}).
 */
public final class AdvisorRoutes {
  /** Query parameters of the recommend route, with their meaning (also the OpenAPI document's). */
  public static final Map<String, String> RECOMMEND_PARAMETERS = new java.util.LinkedHashMap<>();

  static {
    RECOMMEND_PARAMETERS.put("model", "Hugging Face model id (required), e.g. meta-llama/Llama-3.1-8B-Instruct");
    RECOMMEND_PARAMETERS.put("params", "parameter count of a model the catalog lacks, e.g. 7b");
    RECOMMEND_PARAMETERS.put("context", "tokens per sequence (default: the model's maximum up to 8192)");
    RECOMMEND_PARAMETERS.put("concurrency", "sequences served at once (default 1)");
    RECOMMEND_PARAMETERS.put("dtype", "weight dtype: bf16, fp16, fp8, int8 or int4 (default: the model's)");
    RECOMMEND_PARAMETERS.put("kv_cache_dtype", "KV cache dtype (default: the model's 16-bit dtype; fp8 halves it)");
    RECOMMEND_PARAMETERS.put("gpu_memory_utilization", "vLLM's share of each GPU's memory (default 0.9)");
    RECOMMEND_PARAMETERS.put("budget", "only offers at or below this price, USD per hour (whatever currency shows)");
    RECOMMEND_PARAMETERS.put("type", "on-demand, spot or any (default any)");
    RECOMMEND_PARAMETERS.put("provider", "comma-separated provider ids to search (default: every configured one)");
    RECOMMEND_PARAMETERS.put("currency", "ISO 4217 code the prices are shown in, e.g. EUR (default: USD, as billed);"
        + " adds currency and fx");
    RECOMMEND_PARAMETERS.put("explain", "true adds explanation {text, model, source: llm} (or {error}) written by the"
        + " language model the server was started with (DUMONT_ADVISOR_LLM_URL); the numbers never come from it");
  }

  private static final Pattern FLAG = Pattern.compile("--([a-z][a-z-]*)");

  private final Dumont dumont;
  private final FxRates fx;
  private final LlmExplainer explainer;

  public AdvisorRoutes(Dumont dumont) {
    this(dumont, FxRates.staticDefault(), null);
  }

  /**
   * The routes, converting prices for the {@code currency} parameter with {@code fx}, explaining with
   * {@code explainer} for {@code explain=true} (null: not configured, {@code explain=true} is a 400).
   */
  public AdvisorRoutes(Dumont dumont, FxRates fx, LlmExplainer explainer) {
    this.dumont = dumont;
    this.fx = java.util.Objects.requireNonNull(fx, "fx");
    this.explainer = explainer;
  }

  public void register(Router r) {
    r.add("GET", "/api/v1/advisor/recommend", x -> {
      for (String k : x.query().keySet()) {
        if (!RECOMMEND_PARAMETERS.containsKey(k)) {
          throw ApiError.badRequest("unknown query parameter '" + k + "'; known: "
              + String.join(", ", RECOMMEND_PARAMETERS.keySet()));
        }
      }
      CurrencyView view = ProviderRoutes.view(x, fx);
      boolean explain = explain(x);
      try {
        String model = x.queryParam("model");
        if (model == null) throw ApiError.badRequest("model is required, e.g. ?model=meta-llama/Llama-3.1-8B-Instruct");
        Long params = x.queryParam("params") == null ? null : ModelCatalog.parseParameters(x.queryParam("params"));
        Recommendation rec = dumont.advisor().recommend(model, params, workload(x));
        Map<String, Object> body = new java.util.LinkedHashMap<>(rec.toMap(view));
        if (explain) body.put("explanation", explainer.explain(rec, view).toMap());
        x.json(200, body);
      } catch (AdvisorException | IllegalArgumentException e) {
        boolean conflict = e instanceof AdvisorException && !(e instanceof UnknownModelException);
        throw new ApiError(conflict ? 409 : 400, parameterNames(e.getMessage()));
      }
    });
    r.add("GET", "/api/v1/advisor/models", x -> x.json(200,
        Map.of("models", ModelCatalog.all().stream().map(ModelSpec::toMap).toList())));
  }

  private Workload workload(Exchange x) {
    Workload.Builder b = Workload.builder();
    b.context(integer(x, "context"));
    Integer c = integer(x, "concurrency");
    if (c != null) b.concurrency(c);
    if (x.queryParam("dtype") != null) b.dtype(dtype(x, "dtype"));
    if (x.queryParam("kv_cache_dtype") != null) b.kvCacheDtype(dtype(x, "kv_cache_dtype"));
    Double u = number(x, "gpu_memory_utilization");
    if (u != null) b.gpuMemoryUtilization(u);
    b.maxPricePerHour(number(x, "budget"));
    String type = x.queryParam("type");
    if (type != null) {
      b.pricingModel(switch (type.strip().toLowerCase(Locale.ROOT)) {
        case "spot", "bid", "interruptible" -> PricingModel.SPOT;
        case "on-demand", "on_demand", "ondemand" -> PricingModel.ON_DEMAND;
        case "any" -> null;
        default -> throw ApiError.badRequest("type must be on-demand, spot or any, got '" + type + "'");
      });
    }
    String providers = x.queryParam("provider");
    if (providers != null) {
      List<String> ids = List.of(providers.split(",")).stream().map(String::strip).filter(s -> !s.isEmpty()).toList();
      for (String id : ids) {
        if (!dumont.providerIds().contains(id)) {
          throw ApiError.badRequest("provider '" + id + "' is not configured on this server; configured: "
              + String.join(", ", dumont.providerIds()));
        }
      }
      b.providers(ids);
    }
    return b.build();
  }

  private boolean explain(Exchange x) {
    String v = x.queryParam("explain");
    if (v == null || v.strip().equalsIgnoreCase("false")) return false;
    if (!v.strip().equalsIgnoreCase("true")) throw ApiError.badRequest("explain must be true or false, got '" + v + "'");
    if (explainer == null) {
      throw ApiError.badRequest("explain=true needs a language model: start the server with "
          + LlmExplainer.URL_ENV + " (an OpenAI-compatible endpoint) and " + LlmExplainer.MODEL_ENV
          + " set, and its key in " + LlmExplainer.KEY_ENV + " if it needs one");
    }
    return true;
  }

  private static Integer integer(Exchange x, String name) {
    String v = x.queryParam(name);
    if (v == null) return null;
    try {
      return Integer.valueOf(v.strip());
    } catch (NumberFormatException e) {
      throw ApiError.badRequest(name + " must be a whole number, got '" + v + "'");
    }
  }

  private static Double number(Exchange x, String name) {
    String v = x.queryParam(name);
    if (v == null) return null;
    try {
      return Double.valueOf(v.strip());
    } catch (NumberFormatException e) {
      throw ApiError.badRequest(name + " must be a number, got '" + v + "'");
    }
  }

  private static Dtype dtype(Exchange x, String name) {
    try {
      return Dtype.parse(x.queryParam(name));
    } catch (IllegalArgumentException e) {
      throw ApiError.badRequest(name + " must be bf16, fp16, fp8, int8 or int4, got '" + x.queryParam(name) + "'");
    }
  }

  /** "--kv-cache-dtype 2" in a core message becomes "kv_cache_dtype 2": the names of this route's parameters. */
  static String parameterNames(String message) {
    Matcher m = FLAG.matcher(Exchange.oneLine(message));
    StringBuilder sb = new StringBuilder();
    while (m.find()) m.appendReplacement(sb, Matcher.quoteReplacement(m.group(1).replace('-', '_')));
    m.appendTail(sb);
    return sb.toString().replace("'dumont advisor models'", "GET /api/v1/advisor/models");
  }
}
