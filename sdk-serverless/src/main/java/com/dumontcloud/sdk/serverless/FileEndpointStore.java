package com.dumontcloud.sdk.serverless;

import com.dumontcloud.sdk.exception.ConfigurationException;
import com.dumontcloud.sdk.spi.support.Json;
import com.dumontcloud.sdk.spi.support.JsonCodec;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/** One {@code <id>.json} per endpoint in a directory; writes go to a temp file and are moved atomically. */
final class FileEndpointStore implements EndpointStore {
  private final Path dir;

  FileEndpointStore(Path dir) {
    this.dir = dir;
  }

  Path dir() {
    return dir;
  }

  @Override
  public synchronized List<Map<String, Object>> loadAll() {
    if (!Files.isDirectory(dir)) return List.of();
    List<Map<String, Object>> out = new ArrayList<>();
    try (Stream<Path> files = Files.list(dir)) {
      for (Path p : files.filter(f -> f.getFileName().toString().matches("ep-[0-9a-f]+\\.json")).sorted().toList()) {
        try {
          out.add(Json.obj(JsonCodec.standard().parse(Files.readString(p)), "endpoint"));
        } catch (IllegalArgumentException e) {
          throw new ConfigurationException("endpoint record " + p + " is unreadable (" + e.getMessage()
              + "); delete it to forget that endpoint");
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read endpoints from " + dir, e);
    }
    return out;
  }

  @Override
  public synchronized void save(String endpointId, Map<String, Object> record) {
    try {
      Files.createDirectories(dir);
      Path target = dir.resolve(endpointId + ".json");
      Path tmp = dir.resolve(endpointId + ".json.tmp");
      Files.writeString(tmp, JsonCodec.standard().writePretty(record), StandardCharsets.UTF_8);
      Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot save endpoint " + endpointId + " to " + dir, e);
    }
  }

  @Override
  public synchronized void delete(String endpointId) {
    try {
      Files.deleteIfExists(dir.resolve(endpointId + ".json"));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot delete endpoint " + endpointId + " from " + dir, e);
    }
  }
}
