package com.dumontcloud.sdk.spi.support;

import com.dumontcloud.sdk.model.Template;

/**
 * The shell command that runs a template's container on a rented VM (for providers that boot a plain VM and start the
 * workload from cloud-init or a startup script): {@code docker run -d --restart unless-stopped [--gpus all]
 * [-p port:port] [-e K=V]... image args...}, every value single-quoted for {@code sh}. Stable for provider authors.
 */
public final class ContainerCommands {
  private ContainerCommands() {}

  /**
   * The {@code docker run} line for {@code template}.
   *
   * @param name container name, or null for none (a name makes a re-run at the next boot a no-op with
   *     {@code docker inspect})
   * @param gpus whether to pass {@code --gpus all}
   */
  public static String dockerRun(Template template, String name, boolean gpus) {
    StringBuilder c = new StringBuilder("docker run -d --restart unless-stopped");
    if (name != null) c.append(" --name ").append(shellQuote(name));
    if (gpus) c.append(" --gpus all");
    if (template.port() > 0) c.append(" -p ").append(template.port()).append(':').append(template.port());
    template.env().forEach((k, v) -> c.append(" -e ").append(shellQuote(k + "=" + v)));
    c.append(' ').append(shellQuote(template.image()));
    for (String arg : template.args()) c.append(' ').append(shellQuote(arg));
    return c.toString();
  }

  /** {@code s} in single quotes for {@code sh}, embedded single quotes escaped ({@code it's} → {@code 'it'\''s'}). */
  public static String shellQuote(String s) {
    return "'" + s.replace("'", "'\\''") + "'";
  }
}
