package com.dumontcloud.sdk.ssh;

import com.dumontcloud.sdk.engine.IdlenessSignal;
import com.dumontcloud.sdk.model.Instance;
import com.dumontcloud.sdk.remote.ExecOptions;
import com.dumontcloud.sdk.remote.ExecResult;
import com.dumontcloud.sdk.remote.RemoteShell;
import com.dumontcloud.sdk.time.Scheduler;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * GPU utilisation read over SSH with {@code nvidia-smi}, as an {@link IdlenessSignal}: the mean
 * {@code utilization.gpu} over the instance's GPUs, in [0,1]. Each instance's value is cached for a period
 * (default 30 s) on the scheduler's clock, so an engine tick does not run a command per replica each time.
 * Any failure (no SSH access, not running, command missing, unparsable output) is unknown ({@code -1}), which the
 * engine never counts as idle; failures are cached for the same period.
 *
 * <pre>{@code
 * IdlenessSignal s = IdlenessSignal.firstOf(IdlenessSignal.fromProviders(dumont),
 *     SshGpuSampler.of(dumont.remote(), dumont.scheduler()));
 * }</pre>
 */
public final class SshGpuSampler implements IdlenessSignal {
  private static final Logger log = LoggerFactory.getLogger(SshGpuSampler.class);
  static final String COMMAND =
      "nvidia-smi --query-gpu=utilization.gpu,memory.used,memory.total --format=csv,noheader,nounits";

  private final RemoteShell shell;
  private final Scheduler scheduler;
  private final Duration cachePeriod;
  private final Duration timeout;
  private final Map<String, Sample> cache = new ConcurrentHashMap<>();

  private record Sample(double value, Instant at) {}

  private SshGpuSampler(RemoteShell shell, Scheduler scheduler, Duration cachePeriod, Duration timeout) {
    this.shell = Objects.requireNonNull(shell, "shell");
    this.scheduler = Objects.requireNonNull(scheduler, "scheduler");
    this.cachePeriod = Objects.requireNonNull(cachePeriod, "cachePeriod");
    this.timeout = Objects.requireNonNull(timeout, "timeout");
    if (cachePeriod.isNegative()) throw new IllegalArgumentException("cachePeriod must be >= 0, got " + cachePeriod);
    if (timeout.isNegative() || timeout.isZero()) throw new IllegalArgumentException("timeout must be positive, got " + timeout);
  }

  /** A sampler caching each value for 30 s, with a 20 s command timeout. */
  public static SshGpuSampler of(RemoteShell shell, Scheduler scheduler) {
    return new SshGpuSampler(shell, scheduler, Duration.ofSeconds(30), Duration.ofSeconds(20));
  }

  /** The same sampler with another cache period (zero: sample on every call). */
  public SshGpuSampler cachePeriod(Duration period) {
    return new SshGpuSampler(shell, scheduler, period, timeout);
  }

  /** The same sampler with another command timeout. */
  public SshGpuSampler timeout(Duration t) {
    return new SshGpuSampler(shell, scheduler, cachePeriod, t);
  }

  @Override
  public double utilisation(String deploymentId, Instance instance) {
    String key = instance.providerId() + "/" + instance.id();
    Instant now = scheduler.now();
    Sample s = cache.get(key);
    if (s != null && now.isBefore(s.at().plus(cachePeriod))) return s.value();
    double v = sample(instance);
    cache.put(key, new Sample(v, now));
    return v;
  }

  /** Forget the cached value of every instance. */
  public void invalidate() {
    cache.clear();
  }

  private double sample(Instance instance) {
    try {
      ExecResult r = shell.exec(instance, COMMAND, ExecOptions.timeout(timeout).maxOutputBytes(64 * 1024));
      if (!r.ok()) {
        log.debug("[instance={}, exit={}] nvidia-smi failed", instance.id(), r.exitCode());
        return -1;
      }
      return parse(r.stdout());
    } catch (RuntimeException e) {
      log.debug("[instance={}] nvidia-smi sample failed: {}", instance.id(), e.getMessage());
      return -1;
    }
  }

  /** Mean of the first column over the lines ({@code "37, 8800, 24576"} per GPU), in [0,1]; -1 when unparsable. */
  static double parse(String out) {
    double sum = 0;
    int n = 0;
    for (String line : out.split("\\R")) {
      String l = line.strip();
      if (l.isEmpty()) continue;
      String first = l.split(",")[0].strip();
      double v;
      try {
        v = Double.parseDouble(first);
      } catch (NumberFormatException e) {
        return -1; // "[N/A]", "[Not Supported]", an error text
      }
      if (!(v >= 0 && v <= 100)) return -1;
      sum += v;
      n++;
    }
    return n == 0 ? -1 : Math.min(1.0, sum / n / 100.0);
  }

  @Override
  public String toString() {
    return "SshGpuSampler[cachePeriod=" + cachePeriod + ", timeout=" + timeout + "]";
  }
}
