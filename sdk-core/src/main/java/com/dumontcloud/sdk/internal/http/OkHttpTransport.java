package com.dumontcloud.sdk.internal.http;

import com.dumontcloud.sdk.exception.AttemptTimeoutException;
import com.dumontcloud.sdk.exception.ConnectionException;
import com.dumontcloud.sdk.exception.DumontException;
import com.dumontcloud.sdk.exception.ProviderErrorDetails;
import com.dumontcloud.sdk.spi.support.ErrorClassifier;
import com.dumontcloud.sdk.spi.support.HttpCall;
import com.dumontcloud.sdk.spi.support.HttpResult;
import com.dumontcloud.sdk.spi.support.HttpTransport;
import com.dumontcloud.sdk.spi.support.Redaction;
import com.dumontcloud.sdk.time.Scheduler;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.util.Map;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import okhttp3.ResponseBody;

/**
 * The HTTP transport (minimal first version: one attempt, error table). Retry and circuit breaking are
 * layered on in {@link #execute(HttpCall, ErrorClassifier)}.
 */
public final class OkHttpTransport implements HttpTransport {
  private static final MediaType JSON = MediaType.get("application/json; charset=utf-8");
  private final OkHttpClient client;
  private final Scheduler scheduler;
  private final TransportSettings settings;

  public OkHttpTransport(OkHttpClient client, Scheduler scheduler, TransportSettings settings) {
    this.client = client;
    this.scheduler = scheduler;
    this.settings = settings;
  }

  @Override
  public HttpResult execute(HttpCall call, ErrorClassifier classifier) {
    Request.Builder rb = new Request.Builder().url(call.url());
    call.headers().forEach(rb::header);
    rb.header("User-Agent", "dumont-sdk-java/0.1.0");
    if (call.bearer() != null) rb.header("Authorization", "Bearer " + call.bearer().reveal());
    RequestBody body = call.jsonBody() == null ? null : RequestBody.create(call.jsonBody(), JSON);
    if (body == null && ("POST".equals(call.method()) || "PUT".equals(call.method()))) {
      body = RequestBody.create(new byte[0], null);
    }
    rb.method(call.method(), body);
    try (Response resp = client.newCall(rb.build()).execute()) {
      ResponseBody rbody = resp.body();
      String text = rbody == null ? "" : rbody.string();
      if (resp.isSuccessful()) {
        DumontException inBody = classifier.classify(resp.code(), text, details(call, resp.code(), text, 1));
        if (inBody != null) throw inBody;
        return new HttpResult(resp.code(), resp.headers().toMultimap(), text, 1);
      }
      DumontException mapped = classifier.classify(resp.code(), text, details(call, resp.code(), text, 1));
      throw mapped != null ? mapped : ErrorMapping.map(details(call, resp.code(), text, 1), resp.header("Retry-After"), scheduler);
    } catch (InterruptedIOException e) {
      throw new AttemptTimeoutException("[provider=" + call.providerId() + " op=" + call.operation()
          + "] attempt timed out: " + e.getMessage(), e, call.providerId(), 1);
    } catch (IOException e) {
      throw new ConnectionException("[provider=" + call.providerId() + " op=" + call.operation()
          + "] cannot reach " + Redaction.redactUrl(call.url()) + ": " + e.getMessage(), e, call.providerId(), 1);
    }
  }

  static ProviderErrorDetails details(HttpCall call, int status, String body, int attempts) {
    return new ProviderErrorDetails(call.providerId(), call.operation(), status, null,
        ErrorMapping.describe(status), Redaction.excerpt(body), null, attempts, false, null);
  }

  TransportSettings settings() {
    return settings;
  }

  Map<String, String> unused() {
    return Map.of();
  }
}
