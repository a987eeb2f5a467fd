package com.dumontcloud.cli.simulate;

import com.dumontcloud.sdk.testkit.replay.LlmReplay;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The HTML report of a traffic replay: one self-contained page (inline CSS and SVG, no scripts, no external assets)
 * with the result table and four charts: arrivals per minute, ready replicas over time for both runs, and latency
 * percentiles per minute of arrival for each run.
 */
final class TrafficHtml {
  private static final int W = 760;
  private static final int H = 250;
  private static final int ML = 60;
  private static final int MR = 20;
  private static final int MT = 30;
  private static final int MB = 40;

  private TrafficHtml() {}

  record Series(String name, String color, double[] xs, double[] ys, boolean step) {}

  static String render(TrafficReplay.Report r) {
    int minutes = r.trace().arrivalsPerMinute().length;
    double xMax = Math.max(1, Math.max(r.endpoint().window().toMillis(), r.alwaysOn().window().toMillis()) / 60_000.0);
    StringBuilder sb = new StringBuilder();
    sb.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>Traffic replay: ")
        .append(esc(r.trace().name())).append("</title>\n<style>body{font-family:system-ui,sans-serif;margin:2em;"
            + "max-width:60em;color:#222}table{border-collapse:collapse;margin:1em 0}td,th{border:1px solid #ccc;"
            + "padding:.3em .6em;text-align:right}th{background:#f4f4f4}td:first-child,th:first-child{text-align:left}"
            + "svg{display:block;margin:1em 0}.note{color:#555;font-size:.9em}</style></head><body>\n");
    sb.append("<h1>Traffic replay: ").append(esc(r.trace().name())).append("</h1>\n");
    Map<String, Object> t = r.trace().toJson();
    sb.append("<p>").append(t.get("requests")).append(" requests over ")
        .append(fmt(r.trace().duration().toMillis() / 60_000.0)).append(" min (peak ").append(t.get("peak_per_minute"))
        .append(" per minute; median ").append(t.get("median_input_tokens")).append(" input / ")
        .append(t.get("median_output_tokens")).append(" output tokens). Serverless endpoint (0..")
        .append(r.endpoint().spec().maxReplicas()).append(" replicas) against an always-on fleet of ")
        .append(r.alwaysOnReplicas()).append(" replicas, each on the simulated cloud with the realistic boot profile, "
            + "on virtual time. Latencies come from the service-time model, not from measured servers.</p>\n");
    table(sb, r);
    sb.append("<p class=\"note\">Service model: ").append(esc(r.model().toString())).append("</p>\n");

    int[] perMinute = r.trace().arrivalsPerMinute();
    sb.append(bars("Arrivals per minute", perMinute, xMax));

    sb.append(lines("Ready replicas", "replicas", xMax, false, List.of(
        readySeries("endpoint", "#1f77b4", r.endpoint()), readySeries("always-on", "#d62728", r.alwaysOn()))));
    sb.append(latency("Endpoint latency per minute of arrival (log scale)", r.endpoint(), minutes, xMax));
    sb.append(latency("Always-on latency per minute of arrival (log scale)", r.alwaysOn(), minutes, xMax));
    sb.append("</body></html>\n");
    return sb.toString();
  }

  private static void table(StringBuilder sb, TrafficReplay.Report r) {
    sb.append("<table><tr><th>run</th><th>replicas</th><th>p50 s</th><th>p95 s</th><th>p99 s</th><th>TTFT p50 s</th>"
        + "<th>TTFT p95 s</th><th>cold starts</th><th>errors</th><th>fresh rentals</th><th>cost $</th></tr>\n");
    row(sb, r.endpoint(), "0.." + r.endpoint().spec().maxReplicas());
    row(sb, r.alwaysOn(), String.valueOf(r.alwaysOn().replicas()));
    sb.append("<tr><td>endpoint / always-on</td><td></td><td></td><td></td><td>").append(opt(r.p99Ratio()))
        .append("</td><td></td><td></td><td></td><td></td><td></td><td>").append(opt(r.costRatio()))
        .append("</td></tr></table>\n");
  }

  private static void row(StringBuilder sb, TrafficReplay.Run run, String replicas) {
    LlmReplay.Summary s = run.summary();
    long cold = run.coldStarts().values().stream().mapToLong(TrafficReplay.ColdStarts::count).sum();
    sb.append("<tr><td>").append(esc(run.name())).append("</td><td>").append(replicas).append("</td><td>")
        .append(sec(s.p50Ms())).append("</td><td>").append(sec(s.p95Ms())).append("</td><td>").append(sec(s.p99Ms()))
        .append("</td><td>").append(sec(s.ttftP50Ms())).append("</td><td>").append(sec(s.ttftP95Ms()))
        .append("</td><td>").append(cold).append("</td><td>").append(s.errors()).append("</td><td>")
        .append(run.freshRentals()).append("</td><td>").append(fmt(run.cost().amount().doubleValue()))
        .append("</td></tr>\n");
  }

  private static Series readySeries(String name, String color, TrafficReplay.Run run) {
    List<TrafficReplay.Sample> s = run.samples();
    double[] xs = new double[s.size()];
    double[] ys = new double[s.size()];
    for (int i = 0; i < s.size(); i++) {
      xs[i] = s.get(i).tMs() / 60_000.0;
      ys[i] = s.get(i).ready();
    }
    return new Series(name, color, xs, ys, true);
  }

  private static String latency(String title, TrafficReplay.Run run, int minutes, double xMax) {
    List<LlmReplay.Summary> pm = run.perMinute(minutes);
    List<Double> xs = new ArrayList<>();
    List<double[]> ys = new ArrayList<>();
    for (int m = 0; m < pm.size(); m++) {
      LlmReplay.Summary s = pm.get(m);
      if (s.answered() == 0) continue;
      xs.add(m + 0.5);
      ys.add(new double[] {s.p50Ms() / 1000.0, s.p95Ms() / 1000.0, s.p99Ms() / 1000.0});
    }
    double[] x = xs.stream().mapToDouble(Double::doubleValue).toArray();
    String[] names = {"p50", "p95", "p99"};
    String[] colors = {"#2ca02c", "#ff7f0e", "#d62728"};
    List<Series> series = new ArrayList<>();
    for (int k = 0; k < 3; k++) {
      double[] y = new double[x.length];
      for (int i = 0; i < x.length; i++) y[i] = ys.get(i)[k];
      series.add(new Series(names[k], colors[k], x, y, false));
    }
    return lines(title, "seconds", xMax, true, series);
  }

  private static String bars(String title, int[] values, double xMax) {
    double yMax = niceCeil(java.util.Arrays.stream(values).max().orElse(1));
    StringBuilder sb = open(title);
    axes(sb, xMax, 0, yMax, false, "requests");
    double bw = (W - ML - MR) / xMax;
    for (int i = 0; i < values.length; i++) {
      double h = values[i] / yMax * (H - MT - MB);
      sb.append(String.format(Locale.ROOT, "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\" fill=\"#1f77b4\">"
          + "<title>minute %d: %d</title></rect>", ML + i * bw, H - MB - h, Math.max(0.5, bw * 0.9), h, i, values[i]));
    }
    return sb.append("</svg>\n").toString();
  }

  private static String lines(String title, String yLabel, double xMax, boolean log, List<Series> series) {
    double yMin = log ? Double.MAX_VALUE : 0;
    double yMax = 0;
    for (Series s : series) {
      for (double y : s.ys) {
        yMax = Math.max(yMax, y);
        if (log && y > 0) yMin = Math.min(yMin, y);
      }
    }
    if (log) {
      yMin = yMin == Double.MAX_VALUE ? 0.1 : Math.pow(10, Math.floor(Math.log10(yMin)));
      yMax = Math.pow(10, Math.ceil(Math.log10(Math.max(yMax, yMin * 10))));
    } else {
      yMax = niceCeil(Math.max(1, yMax));
    }
    StringBuilder sb = open(title);
    axes(sb, xMax, yMin, yMax, log, yLabel);
    int lx = ML + 10;
    for (Series s : series) {
      StringBuilder d = new StringBuilder();
      double prevY = Double.NaN;
      for (int i = 0; i < s.xs.length; i++) {
        double px = ML + s.xs[i] / xMax * (W - ML - MR);
        double py = y(s.ys[i], yMin, yMax, log);
        if (i == 0) d.append(String.format(Locale.ROOT, "M%.1f,%.1f", px, py));
        else if (s.step) d.append(String.format(Locale.ROOT, " L%.1f,%.1f L%.1f,%.1f", px, prevY, px, py));
        else d.append(String.format(Locale.ROOT, " L%.1f,%.1f", px, py));
        prevY = py;
      }
      sb.append("<path d=\"").append(d).append("\" fill=\"none\" stroke=\"").append(s.color)
          .append("\" stroke-width=\"1.5\"/>");
      sb.append(String.format(Locale.ROOT, "<rect x=\"%d\" y=\"%d\" width=\"12\" height=\"3\" fill=\"%s\"/>"
          + "<text x=\"%d\" y=\"%d\" font-size=\"11\">%s</text>", lx, MT - 12, s.color, lx + 16, MT - 8, esc(s.name)));
      lx += 30 + 7 * s.name.length();
    }
    return sb.append("</svg>\n").toString();
  }

  private static double y(double v, double yMin, double yMax, boolean log) {
    double f = log ? (Math.log10(Math.max(v, yMin)) - Math.log10(yMin)) / (Math.log10(yMax) - Math.log10(yMin))
        : (v - yMin) / (yMax - yMin);
    return H - MB - f * (H - MT - MB);
  }

  private static StringBuilder open(String title) {
    StringBuilder sb = new StringBuilder();
    sb.append("<h2>").append(esc(title)).append("</h2>\n");
    sb.append(String.format(Locale.ROOT, "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" "
        + "viewBox=\"0 0 %d %d\" role=\"img\" aria-label=\"%s\">", W, H, W, H, esc(title)));
    return sb;
  }

  private static void axes(StringBuilder sb, double xMax, double yMin, double yMax, boolean log, String yLabel) {
    sb.append(String.format(Locale.ROOT, "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"#444\"/>"
        + "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"#444\"/>", ML, H - MB, W - MR, H - MB, ML, MT, ML, H - MB));
    double step = niceStep(xMax / 8);
    for (double x = 0; x <= xMax + 1e-9; x += step) {
      double px = ML + x / xMax * (W - ML - MR);
      sb.append(String.format(Locale.ROOT, "<line x1=\"%.1f\" y1=\"%d\" x2=\"%.1f\" y2=\"%d\" stroke=\"#444\"/>"
          + "<text x=\"%.1f\" y=\"%d\" font-size=\"11\" text-anchor=\"middle\">%s</text>", px, H - MB, px, H - MB + 4,
          px, H - MB + 16, fmt(x)));
    }
    sb.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" font-size=\"11\" text-anchor=\"middle\">minutes from "
        + "the first arrival</text>", (ML + W - MR) / 2, H - 6));
    List<Double> ticks = new ArrayList<>();
    if (log) {
      for (double v = yMin; v <= yMax * 1.0001; v *= 10) ticks.add(v);
    } else {
      double ys = niceStep(yMax / 5);
      for (double v = 0; v <= yMax + 1e-9; v += ys) ticks.add(v);
    }
    for (double v : ticks) {
      double py = y(v, yMin, yMax, log);
      sb.append(String.format(Locale.ROOT, "<line x1=\"%d\" y1=\"%.1f\" x2=\"%d\" y2=\"%.1f\" stroke=\"#ddd\"/>"
          + "<text x=\"%d\" y=\"%.1f\" font-size=\"11\" text-anchor=\"end\">%s</text>", ML, py, W - MR, py, ML - 4,
          py + 4, fmt(v)));
    }
    sb.append(String.format(Locale.ROOT, "<text x=\"14\" y=\"%d\" font-size=\"11\" text-anchor=\"middle\" "
        + "transform=\"rotate(-90 14 %d)\">%s</text>", (MT + H - MB) / 2, (MT + H - MB) / 2, esc(yLabel)));
  }

  /** 1, 2 or 5 × a power of ten, at least {@code raw}. */
  static double niceStep(double raw) {
    if (raw <= 0) return 1;
    double p = Math.pow(10, Math.floor(Math.log10(raw)));
    for (double m : new double[] {1, 2, 5, 10}) if (m * p >= raw - 1e-12) return m * p;
    return 10 * p;
  }

  private static double niceCeil(double v) {
    double s = niceStep(v / 5);
    return Math.ceil(v / s - 1e-9) * s;
  }

  private static String fmt(double v) {
    if (v == Math.rint(v) && Math.abs(v) < 1e15) return String.valueOf((long) v);
    return Math.abs(v) < 1 ? String.format(Locale.ROOT, "%.2f", v).replaceAll("0+$", "")
        : String.format(Locale.ROOT, "%.1f", v);
  }

  private static String sec(long ms) {
    return String.format(Locale.ROOT, "%.2f", ms / 1000.0);
  }

  private static String opt(Double v) {
    return v == null ? "-" : String.format(Locale.ROOT, "%.3f", v);
  }

  static String esc(String s) {
    return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
  }
}
