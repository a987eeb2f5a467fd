package com.dumontcloud.sdk.spi.support;

import com.dumontcloud.sdk.model.Template;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The shell command that runs a template's container on a rented VM (for providers that boot a plain VM and start the
 * workload from cloud-init or a startup script): {@code docker run -d --restart unless-stopped [--gpus all]
 * [-p port:port] [-e K=V]... image args...}, every value single-quoted for {@code sh}; and the other way, the ports
 * and variables in a string of docker flags as marketplaces store them in their templates
 * ({@code -p 8000:8000 -e MODEL_ID=x}). Stable for provider authors.
 */
public final class ContainerCommands {
  private static final Pattern PORT = Pattern.compile("-p\\s+(?:[0-9.]+:)?(\\d+):(\\d+)(?:/(tcp|udp))?");
  private static final Pattern ENV = Pattern.compile("-e\\s+([A-Za-z_][A-Za-z0-9_]*)=(\"[^\"]*\"|'[^']*'|\\S*)");

  private ContainerCommands() {}

  /** Container ports published in docker flags ({@code -p 8000:8000}, {@code -p 0.0.0.0:80:8080/tcp}); none for null. */
  public static List<Integer> ports(String dockerFlags) {
    List<Integer> out = new ArrayList<>();
    if (dockerFlags == null) return out;
    Matcher m = PORT.matcher(dockerFlags);
    while (m.find()) out.add(Integer.parseInt(m.group(2)));
    return out;
  }

  /** Environment variables set in docker flags ({@code -e KEY=value}, quotes removed); none for null. */
  public static Map<String, String> env(String dockerFlags) {
    Map<String, String> out = new LinkedHashMap<>();
    if (dockerFlags == null) return out;
    Matcher m = ENV.matcher(dockerFlags);
    while (m.find()) {
      String v = m.group(2);
      if (v.length() >= 2 && (v.startsWith("\"") && v.endsWith("\"") || v.startsWith("'") && v.endsWith("'"))) {
        v = v.substring(1, v.length() - 1);
      }
      out.put(m.group(1), v);
    }
    return out;
  }

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
