package com.dumontcloud.sdk.engine;

import static com.dumontcloud.sdk.spi.support.SpecSchema.bool;
import static com.dumontcloud.sdk.spi.support.SpecSchema.integer;
import static com.dumontcloud.sdk.spi.support.SpecSchema.list;
import static com.dumontcloud.sdk.spi.support.SpecSchema.map;
import static com.dumontcloud.sdk.spi.support.SpecSchema.money;
import static com.dumontcloud.sdk.spi.support.SpecSchema.number;
import static com.dumontcloud.sdk.spi.support.SpecSchema.object;
import static com.dumontcloud.sdk.spi.support.SpecSchema.oneOf;
import static com.dumontcloud.sdk.spi.support.SpecSchema.oneOfValues;
import static com.dumontcloud.sdk.spi.support.SpecSchema.scalar;
import static com.dumontcloud.sdk.spi.support.SpecSchema.seconds;
import static com.dumontcloud.sdk.spi.support.SpecSchema.text;
import static com.dumontcloud.sdk.spi.support.SpecSchema.wireNames;

import com.dumontcloud.sdk.model.OfferQuery;
import com.dumontcloud.sdk.model.PricingModel;
import com.dumontcloud.sdk.model.Templates;
import com.dumontcloud.sdk.spi.support.SpecSchema;
import java.util.ArrayList;
import java.util.List;

/**
 * The one table of the deployment spec's keys, types and ranges ({@link DeploymentSpec#toMap()} form): the
 * reader validates every spec against it first, and {@code docs/schema/deployment.schema.json} is generated from
 * it ({@link DeploymentSpec#jsonSchema()}).
 */
final class DeploymentSpecSchema {
  private DeploymentSpecSchema() {}

  /** A year, the longest duration a spec takes. */
  static final double MAX_SECONDS = 366 * 24 * 3600;
  static final int MAX_REPLICAS = 100;
  /** Most over-provisioned spot replicas ({@code spot_extra}). */
  static final int MAX_SPOT_EXTRA = 10;
  static final int MAX_PRIORITY = 1_000_000;

  static final SpecSchema SCHEMA = SpecSchema.of(build());

  private static SpecSchema.Node build() {
    List<String> ops = new ArrayList<>();
    for (OfferQuery.Op o : OfferQuery.Op.values()) ops.add(o.name());
    for (OfferQuery.Op o : OfferQuery.Op.values()) {
      if (!o.symbol().equalsIgnoreCase(o.name())) ops.add(o.symbol());
    }
    SpecSchema.Node filter = object("One offer condition, as in the query language (gpu_ram >= 24).")
        .required("field", text("Offer field, e.g. gpu_name, num_gpus, gpu_ram, dph, reliability, geolocation."))
        .required("op", oneOfValues("Operator.", ops))
        .field("value", SpecSchema.any("A text, number, boolean, a list for IN/NOT_IN, or null to test absence."));
    SpecSchema.Node failover = object("How the engine replaces a failed replica.")
        .field("strategies", list("Strategies in order.", oneOfValues("A strategy.", wireNames(FailoverStrategy.class))))
        .field("probe_failure_threshold", integer("Consecutive failed health probes that count as a failure.", 1, 100))
        .field("cool_down", seconds("How long an interrupted location is avoided.", 0, MAX_SECONDS))
        .field("max_failovers_per_window", integer("Most failovers per window (flap guard).", 1, 10_000))
        .field("window", seconds("The flap guard's window.", 0, MAX_SECONDS))
        .field("min_gap", seconds("Least time between two failovers of a slot.", 0, MAX_SECONDS))
        .field("standby_start_timeout", seconds("How long a warm standby may take to start.", 0, MAX_SECONDS))
        .field("boot_timeout", seconds("How long a new instance may take to become healthy.", 0, MAX_SECONDS));
    SpecSchema.Node warmPool = object("Pre-provisioned GPU instances on other hosts, started on failover.")
        .field("size", integer("Members of the pool.", 1, 100))
        .field("mode", oneOfValues("Stopped (cheap) or running (fast) members.", wireNames(WarmPoolPolicy.Mode.class)))
        .field("replenish", bool("Refill the pool after a failover used a member."));
    SpecSchema.Node standby = object("A cheap CPU instance that holds the data and serves degraded.")
        .field("pricing", oneOfValues("Pricing of the standby.", wireNames(PricingModel.class)))
        .field("max_price", number("Price cap per hour, USD.", 0, 1000).aboveMin())
        .field("cpu_only", bool("Only CPU offers."))
        .field("min_vcpus", integer("Fewest vCPUs.", 0, 4096))
        .field("min_ram_gib", number("Least RAM, GiB.", 0, 1_000_000));
    SpecSchema.Node hibernation = object("Stop idle capacity.")
        .field("threshold", number("Utilisation below which a replica is idle (0..1).", 0, 1))
        .field("period", seconds("How long a replica must stay idle.", 0, MAX_SECONDS))
        .field("action", oneOfValues("What to do with an idle replica.", wireNames(HibernationPolicy.Action.class)));
    SpecSchema.Node budget = budgetNode();
    SpecSchema.Node bidObject = object("How spot launches bid.")
        .field("strategy", oneOfValues("minimum bid, a margin over it, or a fixed cap.", bidKinds()))
        .field("margin", number("Fraction over the minimum bid (0.1 = 10 %), with strategy margin.", 0,
            BidStrategy.MAX_MARGIN))
        .field("max_price", money("Bid cap per hour, with strategy cap.", 100_000));
    SpecSchema.Node checkpoint = object("Checkpoints into your own S3-compatible bucket.")
        .required("store", text("s3://bucket/prefix"))
        .field("endpoint", text("S3 API endpoint for non-AWS stores (https://...)."))
        .field("region", text("Signing region (auto for R2)."))
        .field("profile", text("AWS credentials profile."))
        .field("paths", oneOf("What to archive on the instance.", text("One path."),
            list("Paths.", text("A path."))))
        .field("command", text("A command run on the instance before the archive (flush state)."))
        .field("interval", seconds("Time between checkpoints (the RPO).", 0, MAX_SECONDS).aboveMin())
        .field("keep", integer("Versions to keep.", 1, 1000));
    return object("A Dumont deployment: replicas of a workload the engine keeps alive on spot capacity.")
        .required("id", text("Deployment id: 1-40 characters of a-z, 0-9 and '-'."))
        .field("kind", oneOfValues("service (long-running) or job (runs to completion).",
            wireNames(DeploymentSpec.Kind.class)))
        .required("template", oneOf("A catalog template name, or a template object.",
            text("A catalog template name (./dumont templates list)."), Templates.schemaNode()))
        .field("replicas", integer("Number of replicas.", 0, MAX_REPLICAS))
        .field("filters", list("Offer conditions.", filter))
        .field("gpu_name", text("GPU model, e.g. RTX 4090 (a shorthand filter)."))
        .field("min_gpu_ram", number("Least GPU memory per GPU, GiB (a shorthand filter).", 0, 10_000))
        .field("max_price", number("Price cap per hour, USD (a shorthand filter).", 0, 100_000))
        .field("sort", oneOfValues("How offers are ranked.", wireNames(OfferQuery.Sort.class)))
        .field("sort_descending", bool("Reverse the ranking."))
        .field("limit", integer("Most offers considered.", 1, 100_000))
        .field("offer_pricing", oneOfValues("Only offers of this pricing.", wireNames(PricingModel.class)))
        .field("providers", list("Providers to use, in order (e.g. vast, sim).", text("A provider id.")))
        .field("regions", list("Regions or countries to use.", text("A region.")))
        .field("spot_policy", oneOfValues("spot, on_demand, or auto (spot, falling back to on-demand).",
            wireNames(SpotPolicy.class)))
        .field("spot_extra", integer("Spot replicas beyond replicas (SpotHedge over-provisioning; spot or auto only).",
            0, MAX_SPOT_EXTRA))
        .field("failover", failover)
        .field("warm_pool", warmPool)
        .field("standby", oneOf("A CPU standby: true for the defaults, or an object.", bool("true or false."),
            standby))
        .field("checkpoint_interval", seconds("Time between checkpoints (the RPO).", 0, MAX_SECONDS).aboveMin())
        .field("hibernation", hibernation)
        .field("budget", budget)
        .field("priority", integer("Higher priority work is kept when the budget is short.", -MAX_PRIORITY,
            MAX_PRIORITY))
        .field("labels", map("Labels put on every instance (keys not starting with dumont-).", scalar("A value.")))
        .field("disk_gib", number("Disk per instance, GiB (default: the template's, else 40).", 0,
            DeploymentSpec.MAX_DISK_GIB).aboveMin())
        .field("checkpoint_on_delete", bool("Take a last checkpoint when the deployment is deleted."))
        .field("bid", oneOf("How spot launches bid: minimum, margin or cap, or an object.",
            oneOfValues("A bid strategy.", bidKinds()), bidObject))
        .field("checkpoint", checkpoint);
  }

  /** The budget object (shared with the endpoint spec's reader in spirit, not in keys). */
  static SpecSchema.Node budgetNode() {
    return object("Dollar caps: price per hour and spend per period (one of them at least).")
        .field("max_price_per_hour", money("Most the deployment may cost per hour.", 100_000))
        .field("max_spend", money("Most the deployment may spend per period.", 1_000_000_000))
        .field("period", seconds("The spend period (default a day).", 0, 10 * MAX_SECONDS).aboveMin())
        .field("warn_at", number("Fraction of the caps at which a warning event is emitted.", 0, 1).aboveMin());
  }

  private static List<String> bidKinds() {
    List<String> out = new ArrayList<>();
    for (BidStrategy.Kind k : BidStrategy.Kind.values()) out.add(k.wireName());
    return out;
  }
}
