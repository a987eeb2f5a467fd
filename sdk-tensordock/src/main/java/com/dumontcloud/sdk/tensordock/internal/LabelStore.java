package com.dumontcloud.sdk.tensordock.internal;

import com.dumontcloud.sdk.spi.support.JsonCodec;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Labels by instance id, kept in {@code <state dir>/labels.json}: TensorDock instances carry only a name. The
 * idempotency key needs no store (it is in the name), so a lost file loses only the other labels.
 */
final class LabelStore {
  private final Path file;
  private final JsonCodec json;
  private final Map<String, Map<String, String>> labels = new LinkedHashMap<>();

  @SuppressWarnings("unchecked")
  LabelStore(Path dir, JsonCodec json) {
    this.file = dir.resolve("labels.json");
    this.json = json;
    try {
      if (Files.exists(file)) {
        Object o = json.parse(Files.readString(file));
        if (o instanceof Map<?, ?> m) {
          m.forEach((k, v) -> {
            if (v instanceof Map<?, ?> l) {
              Map<String, String> ls = new LinkedHashMap<>();
              ((Map<Object, Object>) l).forEach((a, b) -> ls.put(String.valueOf(a), String.valueOf(b)));
              labels.put(String.valueOf(k), ls);
            }
          });
        }
      }
    } catch (IOException | IllegalArgumentException e) {
      // an unreadable store starts empty; the idempotency key still resolves through the instance name
    }
  }

  synchronized Map<String, String> get(String id) {
    return Map.copyOf(labels.getOrDefault(id, Map.of()));
  }

  synchronized void put(String id, Map<String, String> ls) {
    labels.put(id, new LinkedHashMap<>(ls));
    save();
  }

  synchronized void remove(String id) {
    if (labels.remove(id) != null) save();
  }

  private void save() {
    try {
      Files.createDirectories(file.getParent());
      Path tmp = file.resolveSibling("labels.json.tmp");
      Files.writeString(tmp, json.write(labels));
      Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot save TensorDock labels to " + file, e);
    }
  }
}
