package com.dumontcloud.sdk.spi.support;

import com.dumontcloud.sdk.exception.ProviderErrorDetails;
import com.dumontcloud.sdk.exception.ProviderProtocolException;
import java.time.DateTimeException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.function.Function;
import java.util.function.IntConsumer;

/**
 * Reading provider response bodies so that a malformed or unexpected body is a
 * {@link ProviderProtocolException} naming the provider, the operation and a redacted excerpt of the body,
 * never a {@code NullPointerException} or {@code ClassCastException} deep in an adapter.
 *
 * <pre>{@code
 * HttpResult r = ctx.http().execute(call);
 * List<Offer> offers = Bodies.read(ctx.json(), "vast", "searchOffers", r, root -> {
 *   Map<String, Object> m = (Map<String, Object>) root;           // a ClassCastException here ...
 *   return ((List<Object>) m.get("offers")).stream().map(VastOffers::toOffer).toList(); // ... or an NPE here
 * });                                                                // ... becomes a ProviderProtocolException
 * }</pre>
 */
public final class Bodies {
  private Bodies() {}

  /**
   * Parse the body and map the parsed tree. Parse errors and the usual symptoms of an unexpected shape in
   * {@code mapper} (ClassCastException, NullPointerException, IllegalArgumentException including
   * NumberFormatException, IndexOutOfBoundsException, NoSuchElementException, DateTimeException,
   * ArithmeticException) become a {@link ProviderProtocolException}; SDK exceptions pass through.
   */
  public static <T> T read(
      JsonCodec json, String providerId, String operation, HttpResult result, Function<Object, T> mapper) {
    return read(json, providerId, operation, result.status(), result.body(), result.attempts(), mapper);
  }

  /** As {@link #read(JsonCodec, String, String, HttpResult, Function)} for a body obtained some other way. */
  public static <T> T read(
      JsonCodec json, String providerId, String operation, String body, Function<Object, T> mapper) {
    return read(json, providerId, operation, 0, body, 1, mapper);
  }

  /** Parse a body that must be a JSON object. */
  @SuppressWarnings("unchecked")
  public static Map<String, Object> object(JsonCodec json, String providerId, String operation, HttpResult result) {
    return read(json, providerId, operation, result, root -> {
      if (!(root instanceof Map<?, ?>)) {
        throw malformed(providerId, operation, result, "expected a JSON object but got "
            + (root == null ? "null" : root instanceof java.util.List<?> ? "an array" : "a scalar"), null);
      }
      return (Map<String, Object>) root;
    });
  }

  /**
   * A {@link ProviderProtocolException} for a body that parsed but does not say what it should (a missing id,
   * an unknown status), for adapters' own checks.
   *
   * @param what what is wrong, e.g. {@code "no 'new_contract' in the launch answer"}; must not contain secrets
   */
  public static ProviderProtocolException malformed(
      String providerId, String operation, HttpResult result, String what, Throwable cause) {
    return malformed(providerId, operation, result.status(), result.body(), result.attempts(), what, cause);
  }

  /**
   * As {@link #read(JsonCodec, String, String, HttpResult, Function)} for a body the caller has already parsed into
   * {@code tree} (a large body is parsed once); {@code secrets} are scrubbed from the excerpt as well.
   */
  public static <T> T map(String providerId, String operation, HttpResult result, Object tree,
      Iterable<String> secrets, Function<Object, T> mapper) {
    return map(providerId, operation, result.status(), result.body(), result.attempts(), tree, secrets, mapper);
  }

  /**
   * Each entry of a list read with {@code parser}, leaving out entries it returns null for or cannot read
   * ({@link IllegalArgumentException}): one malformed offer among thousands must not hide the others. When the
   * list is not empty and no entry could be read, the body is wrong as a whole: {@link IllegalArgumentException}.
   *
   * @param what the entries, for messages ({@code "offers"})
   * @param onSkipped told how many were left out (for a debug log), only when some were
   */
  public static <T> List<T> each(List<Object> raw, String what, Function<Object, T> parser, IntConsumer onSkipped) {
    List<T> out = new ArrayList<>(raw.size());
    for (Object o : raw) {
      T t;
      try {
        t = parser.apply(o);
      } catch (IllegalArgumentException e) {
        t = null;
      }
      if (t != null) out.add(t);
    }
    if (!raw.isEmpty() && out.isEmpty()) {
      throw new IllegalArgumentException("none of the " + raw.size() + " " + what + " could be read");
    }
    if (out.size() < raw.size()) onSkipped.accept(raw.size() - out.size());
    return out;
  }

  private static <T> T read(JsonCodec json, String providerId, String operation, int status, String body,
      int attempts, Function<Object, T> mapper) {
    Object root;
    try {
      root = json.parse(body);
    } catch (IllegalArgumentException e) {
      throw malformed(providerId, operation, status, body, attempts, "malformed JSON body", e, List.of());
    }
    return map(providerId, operation, status, body, attempts, root, List.of(), mapper);
  }

  private static <T> T map(String providerId, String operation, int status, String body, int attempts, Object root,
      Iterable<String> secrets, Function<Object, T> mapper) {
    try {
      return mapper.apply(root);
    } catch (ClassCastException | NullPointerException | IllegalArgumentException | IndexOutOfBoundsException
             | NoSuchElementException | DateTimeException | ArithmeticException e) {
      String problem = e instanceof IllegalArgumentException && e.getMessage() != null ? e.getMessage()
          : e instanceof NullPointerException ? "a field is missing"
          : e instanceof ClassCastException ? "a field has the wrong type"
          : e.getMessage() == null ? "unexpected shape" : e.getMessage();
      throw malformed(providerId, operation, status, body, attempts,
          "malformed " + providerId + " response: " + shorten(Redaction.redact(problem, secrets)), e, secrets);
    }
  }

  private static ProviderProtocolException malformed(String providerId, String operation, int status, String body,
      int attempts, String what, Throwable cause) {
    return malformed(providerId, operation, status, body, attempts, what, cause, List.of());
  }

  private static ProviderProtocolException malformed(String providerId, String operation, int status, String body,
      int attempts, String what, Throwable cause, Iterable<String> secrets) {
    ProviderErrorDetails d = new ProviderErrorDetails(providerId, operation, status, null, what,
        Redaction.excerpt(body, secrets), null, Math.max(1, attempts), false, null);
    return cause == null ? new ProviderProtocolException(d) : new ProviderProtocolException(d, cause);
  }

  private static String shorten(String s) {
    String t = s.replaceAll("\\s+", " ").strip();
    return t.length() > 240 ? t.substring(0, 240) + "…" : t;
  }
}
