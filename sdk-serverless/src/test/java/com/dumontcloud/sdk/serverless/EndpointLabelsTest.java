package com.dumontcloud.sdk.serverless;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.dumontcloud.sdk.catalog.TemplateCatalog;
import com.dumontcloud.sdk.exception.InvalidSpecException;
import com.dumontcloud.sdk.spi.support.JsonCodec;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EndpointLabelsTest {
  private static EndpointSpec labelled() {
    return EndpointSpec.builder(TemplateCatalog.get("qwen2.5-0.5b"))
        .label("dumont-principal", "alice").label("dumont-team", "ml").label("cost-center", "42").build();
  }

  @Test
  void labelsRoundTripThroughJson() {
    EndpointSpec s = labelled();
    String json = JsonCodec.standard().write(s.toMap());
    assertThat(json).contains("\"labels\"");
    @SuppressWarnings("unchecked")
    Map<String, Object> back = (Map<String, Object>) JsonCodec.standard().parse(json);
    assertThat(EndpointSpec.fromMap(back).labels())
        .containsExactlyInAnyOrderEntriesOf(Map.of("dumont-principal", "alice", "dumont-team", "ml",
            "cost-center", "42"));
  }

  @Test
  void scalarLabelValuesAreReadAsWritten_likeADeploymentsLabels() {
    @SuppressWarnings("unchecked")
    Map<String, Object> parsed = (Map<String, Object>) JsonCodec.standard().parse(
        "{\"template\": \"qwen2.5-0.5b\", \"labels\": {\"cost-center\": 42, \"ratio\": 0.0001, \"gpu\": true}}");
    assertThat(EndpointSpec.fromMap(parsed).labels())
        .containsExactlyInAnyOrderEntriesOf(Map.of("cost-center", "42", "ratio", "0.0001", "gpu", "true"));
    assertThatThrownBy(() -> EndpointSpec.fromMap(Map.of("template", "qwen2.5-0.5b",
        "labels", Map.of("team", java.util.List.of("a")))))
        .isInstanceOf(InvalidSpecException.class).hasMessageContaining("labels.team");
  }

  @Test
  void aReopenedFileStoreKeepsTheLabels(@TempDir Path dir) {
    EndpointStore store = EndpointStore.files(dir);
    store.save("ep-0a", Map.of("id", "ep-0a", "spec", labelled().toMap()));
    Map<String, Object> record = EndpointStore.files(dir).loadAll().get(0);
    @SuppressWarnings("unchecked")
    Map<String, Object> spec = (Map<String, Object>) record.get("spec");
    assertThat(EndpointSpec.fromMap(spec).labels()).containsEntry("dumont-team", "ml")
        .containsEntry("dumont-principal", "alice").containsEntry("cost-center", "42");
  }

  @Test
  void reservedLabelIsRejectedNamingIt() {
    assertThatThrownBy(() -> EndpointSpec.fromMap(Map.of("template", "qwen2.5-0.5b",
        "labels", Map.of("dumont-instance", "x"))))
        .isInstanceOf(InvalidSpecException.class).hasMessageContaining("dumont-instance")
        .hasMessageContaining("reserved");
    assertThatThrownBy(() -> labelled().toBuilder().label(EngineReplicaManager.ENDPOINT_LABEL, "ep-x").build())
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'serverless-endpoint' is reserved");
  }

  @Test
  void blankKeysAndMissingValuesAreRejectedInOneLine() {
    Map<String, String> noValue = new LinkedHashMap<>();
    noValue.put("team", null);
    assertThatThrownBy(() -> labelled().toBuilder().labels(noValue).build())
        .isInstanceOf(IllegalArgumentException.class).hasMessage("labels: label 'team' has no value; give it a text");
    assertThatThrownBy(() -> labelled().toBuilder().label(" ", "x").build())
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("must not be blank")
        .hasMessageNotContaining("null");
  }
}
