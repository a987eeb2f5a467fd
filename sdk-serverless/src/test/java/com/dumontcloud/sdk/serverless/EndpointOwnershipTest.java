package com.dumontcloud.sdk.serverless;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.dumontcloud.sdk.access.Principal;
import com.dumontcloud.sdk.access.Role;
import com.dumontcloud.sdk.audit.InMemoryAuditSink;
import com.dumontcloud.sdk.exception.AccessDeniedException;
import com.dumontcloud.sdk.exception.InvalidSpecException;
import com.dumontcloud.sdk.model.Labels;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Endpoints created and deleted on behalf of a principal: the engine's rules for deployments. */
class EndpointOwnershipTest {
  private static final Principal ALICE = Principal.builder("alice").team("ml").role(Role.DEVELOPER).build();
  private static final Principal BOB = Principal.builder("bob").team("ops").role(Role.DEVELOPER).build();
  private static final Principal ADMIN = Principal.builder("root").role(Role.ADMIN).build();
  private final InMemoryAuditSink audit = InMemoryAuditSink.create();

  private SimHarness harness(EndpointStore store) {
    return new SimHarness(store, (b, d) -> b, d -> d.auditSink(audit));
  }

  @Test
  void create_labelsTheOwner_whateverTheSpecClaimed() {
    try (SimHarness h = harness(EndpointStore.inMemory())) {
      Endpoint ep = h.eps.create(SimHarness.spec().label(Labels.PRINCIPAL, "mallory").label("cost-center", "42")
          .build(), ALICE);
      assertThat(h.eps.get(ep.id()).spec().labels()).containsEntry(Labels.PRINCIPAL, "alice")
          .containsEntry(Labels.TEAM, "ml").containsEntry("cost-center", "42");
      assertThat(audit.records()).anySatisfy(r -> {
        assertThat(r.operation()).isEqualTo("create_endpoint");
        assertThat(r.principal()).isEqualTo("alice");
        assertThat(r.metadata()).containsEntry("endpoint", ep.id()).containsEntry("team", "ml");
        assertThat(r.success()).isTrue();
      });
    }
  }

  @Test
  void create_refusesAViewerAndAForeignTeam() {
    try (SimHarness h = harness(EndpointStore.inMemory())) {
      Principal viewer = Principal.builder("vic").role(Role.VIEWER).build();
      assertThatThrownBy(() -> h.eps.create(SimHarness.spec().build(), viewer))
          .isInstanceOf(AccessDeniedException.class).hasMessageContaining("lacks permission gpu.provision");
      assertThatThrownBy(() -> h.eps.create(SimHarness.spec().label(Labels.TEAM, "ops").build(), ALICE))
          .isInstanceOf(InvalidSpecException.class).hasMessageContaining("dumont-team=ops")
          .hasMessageContaining("not a member");
      assertThat(h.eps.list()).isEmpty();
      assertThat(audit.records()).filteredOn(r -> r.operation().equals("create_endpoint"))
          .hasSize(2).allSatisfy(r -> assertThat(r.success()).isFalse());
    }
  }

  @Test
  void delete_onlyByTheOwnersTeamOrAnAdmin() {
    try (SimHarness h = harness(EndpointStore.inMemory())) {
      Endpoint ml = h.eps.create(SimHarness.spec().build(), ALICE);
      assertThatThrownBy(() -> h.eps.delete(ml.id(), BOB)).isInstanceOf(AccessDeniedException.class)
          .hasMessageContaining("lacks permission gpu.delete").hasMessageContaining("alice, team ml")
          .hasMessageContaining("delete endpoint " + ml.id());
      assertThat(h.eps.list()).extracting(Endpoint::id).containsExactly(ml.id());
      Principal teammate = Principal.builder("carol").team("ml").role(Role.DEVELOPER).build();
      h.eps.delete(ml.id(), teammate);
      Endpoint ops = h.eps.create(SimHarness.spec().build(), BOB);
      h.eps.delete(ops.id(), ADMIN);
      assertThat(h.eps.list()).isEmpty();
      assertThat(audit.records()).filteredOn(r -> r.operation().equals("delete_endpoint"))
          .extracting(r -> r.principal() + ":" + r.success()).containsExactly("bob:false", "carol:true", "root:true");
      assertThatThrownBy(() -> h.eps.delete("ep-00000000", ADMIN)).isInstanceOf(EndpointNotFoundException.class);
    }
  }

  @Test
  void aNewEndpointsOverTheSameStoreStillKnowsTheOwner(@TempDir Path dir) {
    String id;
    try (SimHarness h = harness(EndpointStore.files(dir))) {
      id = h.eps.create(SimHarness.spec().label("cost-center", "42").build(), ALICE).id();
    }
    try (SimHarness h = harness(EndpointStore.files(dir))) { // another process: nothing shared but the files
      assertThat(h.eps.get(id).spec().labels()).containsEntry(Labels.PRINCIPAL, "alice")
          .containsEntry(Labels.TEAM, "ml").containsEntry("cost-center", "42");
      assertThatThrownBy(() -> h.eps.delete(id, BOB)).isInstanceOf(AccessDeniedException.class)
          .hasMessageContaining("team ml");
      h.eps.delete(id, ALICE);
      assertThat(h.eps.list()).isEmpty();
    }
  }
}
