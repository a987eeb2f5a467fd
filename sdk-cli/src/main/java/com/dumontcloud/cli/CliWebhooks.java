package com.dumontcloud.cli;

import com.dumontcloud.sdk.Secret;
import com.dumontcloud.sdk.time.Scheduler;
import com.dumontcloud.sdk.webhook.WebhookEndpoint;
import com.dumontcloud.sdk.webhook.WebhookListener;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/**
 * The webhooks of {@code dumont serve}: a YAML file ({@code webhooks.file}, default
 * {@code $DUMONT_HOME/webhooks.yaml} when it exists) listing hooks:
 *
 * <pre>
 * timeout: 10s          # per attempt (default 10s)
 * attempts: 3           # per delivery (default 3)
 * webhooks:
 *   - url: https://ops.example.com/hooks/dumont
 *     secret-env: DUMONT_WEBHOOK_SECRET      # or secret: "..." (keep the file 0600 then)
 *     events: [failover_completed, budget_blocked]   # none: every event type
 * </pre>
 */
final class CliWebhooks {
  private CliWebhooks() {}

  /** The listener of the configured hooks, or null when there is no webhooks file. */
  static WebhookListener load(Scheduler scheduler) {
    String configured = CliSettings.value("webhooks.file");
    Path file = configured != null ? Path.of(configured) : CliContext.home().resolve("webhooks.yaml");
    if (!Files.isRegularFile(file)) {
      if (configured != null) throw new IllegalArgumentException("webhooks.file: no file " + file);
      return null;
    }
    Object tree;
    try {
      tree = new Yaml(new SafeConstructor(new LoaderOptions())).load(Files.readString(file));
    } catch (IOException e) {
      throw new UncheckedIOException("webhooks.file: cannot read " + file + ": " + e.getMessage(), e);
    } catch (RuntimeException e) {
      throw new IllegalArgumentException("webhooks.file: " + file + " is not YAML (" + DumontCli.oneLine(e.getMessage()) + ")");
    }
    if (!(tree instanceof Map<?, ?> root) || !(root.get("webhooks") instanceof List<?> hooks)) {
      throw new IllegalArgumentException("webhooks.file: " + file + " must hold 'webhooks:' with a list of "
          + "{url, secret-env or secret, events}");
    }
    WebhookListener.Builder b = WebhookListener.builder(scheduler);
    if (root.get("timeout") != null) b.timeout(Fmt.parseDuration("webhooks.file timeout", String.valueOf(root.get("timeout"))));
    if (root.get("attempts") instanceof Number n) b.maxAttempts(n.intValue());
    int i = 0;
    for (Object h : hooks) {
      String at = "webhooks.file " + file + ": webhooks[" + i++ + "]";
      if (!(h instanceof Map<?, ?> m) || m.get("url") == null) throw new IllegalArgumentException(at + " needs a url");
      Secret secret;
      if (m.get("secret-env") != null) {
        String env = String.valueOf(m.get("secret-env"));
        String v = System.getenv(env);
        if (v == null || v.isBlank()) throw new IllegalArgumentException(at + ": the variable " + env + " (secret-env) is not set");
        secret = Secret.of(v);
      } else if (m.get("secret") != null) {
        secret = Secret.of(String.valueOf(m.get("secret")));
      } else {
        throw new IllegalArgumentException(at + " needs secret-env (a variable holding the signing secret) or secret");
      }
      List<String> events = new ArrayList<>();
      if (m.get("events") instanceof List<?> l) l.forEach(e -> events.add(String.valueOf(e)));
      try {
        b.addEndpoint(WebhookEndpoint.builder(String.valueOf(m.get("url"))).secret(secret).events(events).build());
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException(at + ": " + e.getMessage());
      }
    }
    return b.build();
  }
}
