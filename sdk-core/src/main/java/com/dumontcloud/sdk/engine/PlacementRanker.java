package com.dumontcloud.sdk.engine;

import com.dumontcloud.sdk.engine.Slot.Role;
import com.dumontcloud.sdk.model.Offer;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Ranks offers for a slot (pure; the offers come in cheapest first): a warm-pool member never goes on a replica's
 * host and prefers another region; a replica avoids hosts and regions cooling down after an interruption (tier 1:
 * neither cooling; tier 2: only the region cooling; tier 3: the host itself, when nothing else is left) and,
 * within a tier, prefers hosts no other slot of the deployment uses — price order kept within each group.
 * Expired cool-downs are dropped as a side effect.
 */
final class PlacementRanker {
  private PlacementRanker() {}

  static List<Offer> rank(DeploymentState d, Slot s, List<Offer> offers, Instant now) {
    d.coolDowns.removeIf(c -> !now.isBefore(c.until()));
    Set<String> hotHosts = new HashSet<>();
    Set<String> hotRegions = new HashSet<>();
    for (DeploymentState.CoolDown c : d.coolDowns) {
      if (c.host() != null) hotHosts.add(c.host());
      if (c.region() != null) hotRegions.add(c.region());
    }
    Set<String> replicaHosts = new HashSet<>();
    Set<String> replicaRegions = new HashSet<>();
    Set<String> otherHosts = new HashSet<>();
    for (Slot o : d.slots) {
      if (o == s || o.hostId == null) continue;
      if (o.role == Role.REPLICA) {
        replicaHosts.add(o.hostId);
        if (o.region != null) replicaRegions.add(o.region);
      } else {
        otherHosts.add(o.hostId);
      }
    }
    List<Offer> ranked = new ArrayList<>();
    if (s.role == Role.WARM) {
      // never on a replica's host; prefer another region; cool-down applies too
      List<Offer> ok = offers.stream().filter(o -> !replicaHosts.contains(o.hostId()) && !hotHosts.contains(o.hostId()))
          .toList();
      ok.stream().filter(o -> !replicaRegions.contains(o.location().region())).forEach(ranked::add);
      ok.stream().filter(o -> replicaRegions.contains(o.location().region())).forEach(ranked::add);
      return ranked;
    }
    // tier 1: neither host nor region cooling down; tier 2: region cooling (no alternative); tier 3: the only ones left
    List<Offer> t1 = new ArrayList<>();
    List<Offer> t2 = new ArrayList<>();
    List<Offer> t3 = new ArrayList<>();
    for (Offer o : offers) {
      if (hotHosts.contains(o.hostId())) t3.add(o);
      else if (hotRegions.contains(o.location().region())) t2.add(o);
      else t1.add(o);
    }
    Comparator<Offer> spread = Comparator.comparingInt(o -> replicaHosts.contains(o.hostId())
        || otherHosts.contains(o.hostId()) ? 1 : 0);
    for (List<Offer> t : List.of(t1, t2, t3)) {
      List<Offer> x = new ArrayList<>(t);
      x.sort(spread); // stable: keeps price order within
      ranked.addAll(x);
    }
    return ranked;
  }

}
