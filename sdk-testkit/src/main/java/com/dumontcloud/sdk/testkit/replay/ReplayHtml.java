package com.dumontcloud.sdk.testkit.replay;

import com.dumontcloud.sdk.spi.support.JsonCodec;
import java.util.List;
import java.util.Locale;

/** Renders a {@link SpotReplayReport} as one self-contained HTML page with inline SVG charts (no scripts). */
final class ReplayHtml {
  private ReplayHtml() {}

  private static final String[] PALETTE = {"#1f77b4", "#2ca02c", "#9467bd", "#17becf", "#bcbd22", "#8c564b",
      "#e377c2", "#7f7f7f", "#aec7e8", "#98df8a", "#c5b0d5", "#9edae5"};
  private static final String ON_DEMAND = "#555555";
  private static final String CPU = "#ff7f0e";
  private static final String DOWN = "#d62728";
  private static final int W = 900;
  private static final int LEFT = 120;

  static String render(SpotReplayReport r) {
    StringBuilder h = new StringBuilder(64 * 1024);
    SpotTraces t = r.traces();
    h.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>Dumont spot replay</title>\n")
        .append("<style>body{font-family:system-ui,sans-serif;margin:24px;color:#222;max-width:1000px}")
        .append("table{border-collapse:collapse;font-size:13px}td,th{border:1px solid #ccc;padding:3px 7px;")
        .append("text-align:right}th{background:#f3f3f3}td:first-child{text-align:left}")
        .append("pre{background:#f7f7f7;padding:8px;font-size:12px;overflow:auto}svg{font-size:11px}</style>")
        .append("</head><body>\n");
    h.append("<h1>Spot replay: cost and availability per policy</h1>\n<p>Traces: <code>").append(esc(t.source()))
        .append("</code>, ").append(t.zones().size()).append(" zones, ").append(t.ticks()).append(" ticks of ")
        .append(t.gapSeconds()).append(" s (").append(fmt(t.duration().toSeconds() / 86400.0, 1))
        .append(" days). Replicas: ").append(r.replicas()).append(". Spot price = ").append(fmt(r.spotRatio(), 2))
        .append(" × on-demand (on-demand = 1.0 per replica-hour); CPU standby ").append(fmt(r.cpuPricePerHour(), 3))
        .append(" per hour. Engine: the real Orchestrator, default 5 s tick, on virtual time; boot profile: "
            + "BootProfile.defaults() (35-105 s to running, 10-30 s model load).</p>\n");
    // table
    h.append("<table><tr><th>policy</th><th>cost %</th><th>availability</th><th>serving</th><th>all replicas</th>")
        .append("<th>failovers</th><th>recovery p50 s</th><th>recovery p95 s</th><th>gap to oracle (points)</th></tr>\n");
    h.append("<tr><td><b>ORACLE</b></td><td>").append(fmt(r.oracleCostPercent(), 2))
        .append("</td><td>100%</td><td>100%</td><td>100%</td><td>-</td><td>-</td><td>-</td><td>0</td></tr>\n");
    for (SpotReplayReport.PolicyResult p : r.policies()) {
      h.append("<tr><td>").append(p.policy().name()).append("</td><td>").append(fmt(p.costPercent(), 2))
          .append("</td><td>").append(pct(p.availability())).append("</td><td>").append(pct(p.servingAvailability()))
          .append("</td><td>").append(pct(p.allReplicasAvailability())).append("</td><td>").append(p.failovers())
          .append("</td><td>").append(p.recoveryP50Seconds().map(v -> fmt(v, 0)).orElse("-")).append("</td><td>")
          .append(p.recoveryP95Seconds().map(v -> fmt(v, 0)).orElse("-")).append("</td><td>")
          .append(fmt(p.gapToOraclePoints(), 2)).append("</td></tr>\n");
    }
    h.append("</table>\n<p>Oracle: at every tick spot wherever a zone has capacity, else on-demand, switching "
        + "instantly with no boot (100 % availability, the lowest cost possible on these traces).</p>\n");
    h.append("<h2>Cost vs availability</h2>\n").append(scatter(r));
    h.append("<h2>Spot capacity per zone</h2>\n<p>Green = spot capacity could be had (trace value &gt; 0); "
        + "its opacity is the fraction of ticks with capacity in each column.</p>\n").append(capacity(t));
    h.append("<h2>Spend over time</h2>\n").append(spend(r));
    h.append("<h2>Healthy replicas and their zones, per policy</h2>\n<p>Stacked: spot replicas by zone (zone colours "
        + "as above), on-demand in grey, CPU standby serving in orange; red below the axis = time with no healthy "
        + "GPU replica.</p>\n");
    for (SpotReplayReport.PolicyResult p : r.policies()) h.append(replicas(r, p));
    h.append("<h2>Specs</h2>\n<p>Each policy is an ordinary deployment spec (<code>./dumont deployments apply -f</code>"
        + " form).</p>\n");
    for (SpotReplayReport.PolicyResult p : r.policies()) {
      h.append("<details><summary>").append(p.policy().name()).append(": ").append(esc(p.policy().description()))
          .append("</summary><pre>").append(esc(JsonCodec.standard().writePretty(p.spec().toMap())))
          .append("</pre></details>\n");
    }
    h.append("</body></html>\n");
    return h.toString();
  }

  /** The cost-vs-availability chart alone, as a standalone SVG document (for docs). */
  static String scatter(SpotReplayReport r) {
    int w = 640;
    int hgt = 360;
    int l = 70;
    int b = 40;
    double minA = 1.0;
    for (SpotReplayReport.PolicyResult p : r.policies()) minA = Math.min(minA, p.availability());
    double lo = Math.max(0, Math.floor((minA * 100 - 0.5) * 2) / 2);
    StringBuilder s = svg(w, hgt);
    axis(s, l, 10, w - 20, hgt - b);
    for (int x = 0; x <= 100; x += 20) {
      double px = l + (w - 20 - l) * x / 100.0;
      s.append(text(px, hgt - b + 14, x + "%", "middle"));
    }
    s.append(text((l + w - 20) / 2.0, hgt - 6, "cost, % of on-demand", "middle"));
    for (int k = 0; k <= 4; k++) {
      double a = lo + (100 - lo) * k / 4.0;
      double py = (hgt - b) - (hgt - b - 10) * k / 4.0;
      s.append(text(l - 6, py + 4, fmt(a, 2) + "%", "end"));
    }
    s.append("<text x=\"14\" y=\"").append(hgt / 2).append("\" transform=\"rotate(-90 14 ").append(hgt / 2)
        .append(")\" text-anchor=\"middle\">availability (≥1 healthy GPU)</text>");
    int i = 0;
    double ox = l + (w - 20 - l) * r.oracleCostPercent() / 100.0;
    s.append("<rect x=\"").append(fmt(ox - 4, 1)).append("\" y=\"6\" width=\"8\" height=\"8\" fill=\"#000\"/>")
        .append(text(ox + 7, 14, "oracle", "start"));
    for (SpotReplayReport.PolicyResult p : r.policies()) {
      double px = l + (w - 20 - l) * Math.min(100, p.costPercent()) / 100.0;
      double py = (hgt - b) - (hgt - b - 10) * (p.availability() * 100 - lo) / (100 - lo);
      String c = PALETTE[i++ % PALETTE.length];
      s.append("<circle cx=\"").append(fmt(px, 1)).append("\" cy=\"").append(fmt(py, 1)).append("\" r=\"5\" fill=\"")
          .append(c).append("\"/>").append(text(px + 7, py + 4 + (i % 2 == 0 ? 10 : 0), p.policy().name(), "start"));
    }
    return s.append("</svg>\n").toString();
  }

  private static String capacity(SpotTraces t) {
    List<SpotTrace> zs = t.zones();
    int row = 18;
    int hgt = zs.size() * row + 30;
    int n = Math.min(SpotReplayReport.BUCKETS, t.ticks());
    double cw = (double) (W - LEFT - 10) / n;
    StringBuilder s = svg(W, hgt);
    for (int z = 0; z < zs.size(); z++) {
      SpotTrace tr = zs.get(z);
      int y = 5 + z * row;
      s.append(text(LEFT - 6, y + 12, tr.zone() + " (" + Math.round(tr.availability() * 100) + "%)", "end"));
      s.append("<rect x=\"").append(LEFT).append("\" y=\"").append(y).append("\" width=\"").append(W - LEFT - 10)
          .append("\" height=\"").append(row - 4).append("\" fill=\"#f0f0f0\"/>");
      String[] op = new String[n];
      for (int b = 0; b < n; b++) {
        int from = (int) ((long) t.ticks() * b / n);
        int to = (int) ((long) t.ticks() * (b + 1) / n);
        int up = 0;
        for (int i = from; i < to; i++) if (tr.available(i)) up++;
        op[b] = up == 0 ? null : fmt((double) up / Math.max(1, to - from), 1);
      }
      for (int b = 0; b < n; ) {
        int e = b + 1;
        while (e < n && java.util.Objects.equals(op[e], op[b])) e++; // one rect per run of equal columns
        if (op[b] != null) {
          s.append("<rect x=\"").append(fmt(LEFT + b * cw, 2)).append("\" y=\"").append(y).append("\" width=\"")
              .append(fmt((e - b) * cw + 0.05, 2)).append("\" height=\"").append(row - 4)
              .append("\" fill=\"#2ca02c\" opacity=\"").append(op[b]).append("\"/>");
        }
        b = e;
      }
      s.append("<rect x=\"").append(LEFT - 4).append("\" y=\"").append(y).append("\" width=\"3\" height=\"")
          .append(row - 4).append("\" fill=\"").append(PALETTE[z % PALETTE.length]).append("\"/>");
    }
    timeAxis(s, t, hgt - 22);
    return s.append("</svg>\n").toString();
  }

  private static String spend(SpotReplayReport r) {
    int hgt = 300;
    int b = 30;
    double max = 0;
    for (SpotReplayReport.PolicyResult p : r.policies()) max = Math.max(max, p.spendAt[p.spendAt.length - 1]);
    double[] o = r.oracleSpend();
    max = Math.max(max, o[o.length - 1]);
    if (max <= 0) max = 1;
    StringBuilder s = svg(W, hgt + 20);
    axis(s, LEFT, 10, W - 10, hgt - b);
    for (int k = 0; k <= 4; k++) {
      double py = (hgt - b) - (hgt - b - 10) * k / 4.0;
      s.append(text(LEFT - 6, py + 4, fmt(max * k / 4, 0), "end"));
    }
    s.append(text(LEFT - 6, hgt - b + 26, "cost", "end"));
    int i = 0;
    for (SpotReplayReport.PolicyResult p : r.policies()) {
      String c = PALETTE[i % PALETTE.length];
      s.append(polyline(p.spendAt, max, hgt - b, c, false));
      s.append(text(W - 12, 20 + 12 * i, p.policy().name(), "end").replace("<text ", "<text fill=\"" + c + "\" "));
      i++;
    }
    s.append(polyline(o, max, hgt - b, "#000", true));
    s.append(text(W - 12, 20 + 12 * i, "ORACLE (dashed)", "end"));
    timeAxis(s, r.traces(), hgt - b + 2);
    return s.append("</svg>\n").toString();
  }

  private static String polyline(double[] ys, double max, int base, String color, boolean dashed) {
    StringBuilder s = new StringBuilder("<polyline fill=\"none\" stroke=\"").append(color).append("\" stroke-width=\"1.5\"");
    if (dashed) s.append(" stroke-dasharray=\"5,3\"");
    s.append(" points=\"");
    int n = ys.length;
    for (int k = 0; k < n; k++) {
      double px = LEFT + (W - 10 - LEFT) * (k + 1.0) / n;
      double py = base - (base - 10) * ys[k] / max;
      s.append(fmt(px, 1)).append(',').append(fmt(py, 1)).append(' ');
    }
    return s.append("\"/>").toString();
  }

  private static String replicas(SpotReplayReport r, SpotReplayReport.PolicyResult p) {
    int hgt = 110;
    int base = 80;
    int n = p.down.length;
    double maxStack = Math.max(1, r.replicas() + 1);
    for (int k = 0; k < n; k++) {
      double sum = p.onDemand[k] + p.cpu[k];
      for (double v : p.spotByZone[k]) sum += v;
      maxStack = Math.max(maxStack, sum);
    }
    double cw = (double) (W - LEFT - 10) / n;
    StringBuilder s = svg(W, hgt);
    s.append(text(LEFT - 6, 30, p.policy().name(), "end"));
    s.append(text(LEFT - 6, 44, fmt(p.costPercent(), 1) + "% cost", "end"));
    s.append(text(LEFT - 6, 58, pct(p.availability()) + " avail.", "end"));
    for (int k = 0; k < n; k++) {
      double x = LEFT + k * cw;
      double y = base;
      for (int z = 0; z < p.spotByZone[k].length; z++) {
        y = bar(s, x, y, cw, p.spotByZone[k][z], maxStack, base, PALETTE[z % PALETTE.length]);
      }
      y = bar(s, x, y, cw, p.onDemand[k], maxStack, base, ON_DEMAND);
      bar(s, x, y, cw, p.cpu[k], maxStack, base, CPU);
      if (p.down[k] > 0) {
        double dh = Math.max(1.5, 14 * Math.min(1, p.down[k] * 4));
        s.append("<rect x=\"").append(fmt(x, 2)).append("\" y=\"").append(base + 2).append("\" width=\"")
            .append(fmt(cw + 0.05, 2)).append("\" height=\"").append(fmt(dh, 1)).append("\" fill=\"").append(DOWN)
            .append("\"/>");
      }
    }
    s.append("<line x1=\"").append(LEFT).append("\" y1=\"").append(base).append("\" x2=\"").append(W - 10)
        .append("\" y2=\"").append(base).append("\" stroke=\"#999\"/>");
    s.append(text(W - 12, 10, "max " + fmt(maxStack, 0) + " replicas", "end"));
    timeAxis(s, r.traces(), base + 16);
    return s.append("</svg>\n").toString();
  }

  private static double bar(StringBuilder s, double x, double y, double cw, double v, double max, int base,
      String color) {
    if (v <= 0.001) return y;
    double hh = (base - 14) * v / max;
    s.append("<rect x=\"").append(fmt(x, 2)).append("\" y=\"").append(fmt(y - hh, 2)).append("\" width=\"")
        .append(fmt(cw + 0.05, 2)).append("\" height=\"").append(fmt(hh, 2)).append("\" fill=\"").append(color)
        .append("\"/>");
    return y - hh;
  }

  private static void timeAxis(StringBuilder s, SpotTraces t, int y) {
    double days = t.duration().toSeconds() / 86400.0;
    double step = days > 20 ? 5 : days > 6 ? 1 : days > 1.5 ? 0.5 : days > 0.3 ? 0.125 : 1.0 / 48;
    for (double d = 0; d <= days + 1e-9; d += step) {
      double px = LEFT + (W - 10 - LEFT) * d / days;
      String label = step >= 1 ? "day " + fmt(d, 0) : fmt(d * 24, 1) + " h";
      s.append(text(px, y + 12, label, "middle"));
    }
  }

  private static void axis(StringBuilder s, int x0, int y0, int x1, int y1) {
    s.append("<line x1=\"").append(x0).append("\" y1=\"").append(y1).append("\" x2=\"").append(x1).append("\" y2=\"")
        .append(y1).append("\" stroke=\"#999\"/><line x1=\"").append(x0).append("\" y1=\"").append(y0)
        .append("\" x2=\"").append(x0).append("\" y2=\"").append(y1).append("\" stroke=\"#999\"/>");
  }

  private static StringBuilder svg(int w, int h) {
    return new StringBuilder("<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"").append(w).append("\" height=\"")
        .append(h).append("\" viewBox=\"0 0 ").append(w).append(' ').append(h).append("\">");
  }

  private static String text(double x, double y, String txt, String anchor) {
    return "<text x=\"" + fmt(x, 1) + "\" y=\"" + fmt(y, 1) + "\" text-anchor=\"" + anchor + "\">" + esc(txt)
        + "</text>";
  }

  static String pct(double f) {
    return fmt(f * 100, f >= 0.999 ? 3 : 2) + "%";
  }

  static String fmt(double v, int digits) {
    return String.format(Locale.ROOT, "%." + digits + "f", v);
  }

  private static String esc(String s) {
    return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
  }
}
