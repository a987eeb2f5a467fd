package com.dumontcloud.sdk.advisor;

import com.dumontcloud.sdk.Secret;
import com.dumontcloud.sdk.internal.http.OkHttpTransport;
import com.dumontcloud.sdk.internal.http.TransportSettings;
import com.dumontcloud.sdk.pricing.CurrencyView;
import com.dumontcloud.sdk.spi.support.HttpCall;
import com.dumontcloud.sdk.spi.support.HttpTransport;
import com.dumontcloud.sdk.spi.support.JsonCodec;
import com.dumontcloud.sdk.time.Scheduler;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * An optional plain-language explanation of a {@link Recommendation}, written by a language model behind an
 * OpenAI-compatible endpoint ({@code POST {url}/v1/chat/completions}; one of our own serverless endpoints, a vLLM
 * server, any compatible service). Off unless asked for ({@code dumont advisor recommend --explain}, {@code
 * ?explain=true}).
 *
 * <p><b>The numbers never come from it.</b> The prompt carries the recommendation already computed (its JSON form,
 * the notes); the answer is attached beside it as {@code explanation: {"text", "model", "source": "llm"}} and
 * changes none of the figures. A failure (timeout, an HTTP error, an answer without text) becomes {@code
 * explanation: {"error": "..."}}: {@link #explain} never throws, so the recommendation never fails because of the
 * language model.
 *
 * <p><b>The key</b> comes only from the environment variable {@value #KEY_ENV} (or the system property {@value
 * #KEY_PROPERTY}, for tests), is sent as {@code Authorization: Bearer}, and appears in no {@code toString}, log line,
 * error or answer. Without one, no {@code Authorization} header is sent (a local server).
 *
 * <pre>{@code
 * LlmExplainer llm = LlmExplainer.builder().url("https://api.example.com/endpoints/ep-1").model("qwen2.5-7b").build();
 * LlmExplainer.Explanation e = llm.explain(recommendation, CurrencyView.usd());
 * }</pre>
 *
 * <p>Thread-safe.
 */
public final class LlmExplainer {
  /** The environment variable holding the endpoint's API key. */
  public static final String KEY_ENV = "DUMONT_ADVISOR_LLM_KEY";

  /** The system property read instead of {@link #KEY_ENV} when set (tests). */
  public static final String KEY_PROPERTY = "dumont.advisor.llm.key";

  /** The environment variable {@link #fromEnvironment()} reads the endpoint URL from ({@code dumont serve}). */
  public static final String URL_ENV = "DUMONT_ADVISOR_LLM_URL";

  /** The environment variable {@link #fromEnvironment()} reads the model name from. */
  public static final String MODEL_ENV = "DUMONT_ADVISOR_LLM_MODEL";

  /** How long one explanation may take (default). */
  public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(30);

  static final String SYSTEM_PROMPT = "You explain GPU recommendations to engineers in plain language, in at most "
      + "six sentences. Every figure has already been computed by a deterministic advisor and is given to you as "
      + "JSON: quote figures only as given, never compute, estimate or invent new ones, and say which tier suits "
      + "which need. Throughput marked \"estimate\" is a memory-bandwidth roofline, not a measurement.";

  /**
   * The explanation attached to a recommendation's JSON: either {@code text} and {@code model}, or {@code error}.
   *
   * @param text what the language model wrote, or null on failure
   * @param model the model that wrote it (as the endpoint reports it, else as asked for), or null on failure
   * @param error why there is no text (one line, no key), or null
   */
  public record Explanation(String text, String model, String error) {
    public Explanation {
      if ((text == null) == (error == null)) throw new IllegalArgumentException("an explanation has text or an error");
    }

    /** {@code {"text", "model", "source": "llm"}} or {@code {"error"}}. */
    public Map<String, Object> toMap() {
      Map<String, Object> m = new LinkedHashMap<>();
      if (error != null) {
        m.put("error", error);
        return m;
      }
      m.put("text", text);
      m.put("model", model);
      m.put("source", "llm");
      return m;
    }
  }

  private final String url;
  private final String model;
  private final Duration timeout;
  private final Secret key;
  private final HttpTransport transport;

  private LlmExplainer(Builder b) {
    this.url = b.url;
    this.model = b.model;
    this.timeout = b.timeout;
    this.key = key();
    this.transport = b.transport != null ? b.transport
        : new OkHttpTransport(new okhttp3.OkHttpClient(), Scheduler.system(),
            TransportSettings.defaults().withMaxAttempts(1).withTimeouts(timeout, timeout));
  }

  public static Builder builder() {
    return new Builder();
  }

  /**
   * The explainer {@code dumont serve} configures at start: {@value #URL_ENV} and {@value #MODEL_ENV} (or the system
   * properties {@code dumont.advisor.llm.url} and {@code dumont.advisor.llm.model}), the key from {@value #KEY_ENV};
   * null when the URL is not set.
   *
   * @throws IllegalArgumentException when the URL is set but not http(s), or the model is missing
   */
  public static LlmExplainer fromEnvironment() {
    String u = setting(URL_ENV);
    if (u == null) return null;
    String m = setting(MODEL_ENV);
    if (m == null) {
      throw new IllegalArgumentException(URL_ENV + " is set but " + MODEL_ENV + " is not: name the model the endpoint"
          + " serves, e.g. " + MODEL_ENV + "=Qwen/Qwen2.5-7B-Instruct");
    }
    return builder().url(u, URL_ENV).model(m, MODEL_ENV).build();
  }

  /** The endpoint's base URL (without {@code /v1/chat/completions}). */
  public String url() { return url; }

  /** The model asked for. */
  public String model() { return model; }

  /** Whether a key was found in {@value #KEY_ENV}. */
  public boolean hasKey() { return key != null; }

  /**
   * Asks the endpoint to explain a recommendation whose figures are shown in {@code view}'s currency; never throws
   * for a failure of the endpoint (the answer then carries {@link Explanation#error()}).
   */
  public Explanation explain(Recommendation recommendation, CurrencyView view) {
    Objects.requireNonNull(recommendation, "recommendation");
    Objects.requireNonNull(view, "view");
    try {
      HttpCall.Builder call = HttpCall.builder("advisor-llm", "advisor explanation")
          .post(url + "/v1/chat/completions", JsonCodec.standard().write(request(recommendation, view)))
          .deadline(timeout);
      if (key != null) call.bearer(key);
      String body = transport.execute(call.build()).body();
      return parse(body);
    } catch (RuntimeException e) {
      return new Explanation(null, null, "the explanation from " + url + " failed: " + scrub(e.getMessage())
          + "; the figures above are unaffected");
    }
  }

  Map<String, Object> request(Recommendation r, CurrencyView view) {
    Map<String, Object> figures = new LinkedHashMap<>(r.toMap(view));
    if (!r.notes().isEmpty()) figures.put("notes", r.notes());
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("model", model);
    body.put("temperature", 0);
    body.put("max_tokens", 400);
    body.put("messages", List.of(
        Map.of("role", "system", "content", SYSTEM_PROMPT),
        Map.of("role", "user", "content", "Explain this recommendation for serving " + r.model() + ":\n"
            + JsonCodec.standard().write(figures))));
    return body;
  }

  private Explanation parse(String body) {
    Object tree;
    try {
      tree = JsonCodec.standard().parse(body);
    } catch (RuntimeException e) {
      return new Explanation(null, null, "the answer of " + url + " is not JSON; the figures above are unaffected");
    }
    Object content = null;
    Object answeredBy = null;
    if (tree instanceof Map<?, ?> m) {
      answeredBy = m.get("model");
      if (m.get("choices") instanceof List<?> choices && !choices.isEmpty() && choices.get(0) instanceof Map<?, ?> c
          && c.get("message") instanceof Map<?, ?> msg) {
        content = msg.get("content");
      }
    }
    if (!(content instanceof String text) || text.isBlank()) {
      return new Explanation(null, null, "the answer of " + url + " has no choices[0].message.content; the figures "
          + "above are unaffected");
    }
    return new Explanation(text.strip(), answeredBy instanceof String s && !s.isBlank() ? s : model, null);
  }

  private String scrub(String message) {
    String m = message == null ? "no detail" : message.lines().findFirst().orElse("no detail").strip();
    if (key != null) m = m.replace(key.reveal(), "****");
    return m;
  }

  private static Secret key() {
    String v = System.getProperty(KEY_PROPERTY);
    if (v == null || v.isBlank()) v = System.getenv(KEY_ENV);
    return v == null || v.isBlank() ? null : Secret.of(v);
  }

  private static String setting(String env) {
    String v = System.getProperty(env.toLowerCase(Locale.ROOT).replace('_', '.'));
    if (v == null || v.isBlank()) v = System.getenv(env);
    return v == null || v.isBlank() ? null : v.strip();
  }

  @Override
  public String toString() {
    return "LlmExplainer[" + url + ", " + model + (key != null ? ", key from " + KEY_ENV : "") + "]";
  }

  /** Builder for {@link LlmExplainer}; the key is never set here (see the class documentation). */
  public static final class Builder {
    private String url;
    private String model;
    private Duration timeout = DEFAULT_TIMEOUT;
    private HttpTransport transport;

    private Builder() {}

    /** The endpoint's base URL, e.g. {@code https://host/endpoints/ep-1} ({@code /v1} at its end is dropped). */
    public Builder url(String u) {
      return url(u, "--llm-url");
    }

    Builder url(String u, String name) {
      String v = u == null ? "" : u.strip();
      if (!v.startsWith("http://") && !v.startsWith("https://")) {
        throw new IllegalArgumentException(name + " must be the http(s) URL of an OpenAI-compatible endpoint, got '"
            + (u == null ? "" : u) + "'");
      }
      while (v.endsWith("/")) v = v.substring(0, v.length() - 1);
      if (v.endsWith("/v1")) v = v.substring(0, v.length() - 3);
      url = v;
      return this;
    }

    /** The model the endpoint serves (the request's {@code model}). */
    public Builder model(String m) {
      return model(m, "--llm-model");
    }

    Builder model(String m, String name) {
      if (m == null || m.isBlank()) {
        throw new IllegalArgumentException(name + " is required with an explanation: the model the endpoint serves, "
            + "e.g. Qwen/Qwen2.5-7B-Instruct");
      }
      model = m.strip();
      return this;
    }

    /** How long one explanation may take (default 30 s); a slower answer becomes an error, not a failure. */
    public Builder timeout(Duration d) {
      if (d == null || d.isNegative() || d.isZero()) {
        throw new IllegalArgumentException("the explanation timeout must be a positive duration, got " + d);
      }
      timeout = d;
      return this;
    }

    /** The HTTP transport (default: a private one with no retries and {@link #timeout}). */
    public Builder transport(HttpTransport t) {
      transport = Objects.requireNonNull(t, "transport");
      return this;
    }

    public LlmExplainer build() {
      if (url == null) throw new IllegalArgumentException("--llm-url is required with an explanation");
      if (model == null) model(null);
      return new LlmExplainer(this);
    }
  }
}
