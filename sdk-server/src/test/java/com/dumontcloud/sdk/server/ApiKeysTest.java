package com.dumontcloud.sdk.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.dumontcloud.sdk.spi.support.Json;
import com.dumontcloud.sdk.spi.support.JsonCodec;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Key records carry their KDF cost; a server a user opens hashes with the full count. */
class ApiKeysTest {
  @TempDir Path dir;

  @Test
  void openHashesWithTheFullIterationCount_andEveryRecordVerifiesWithItsOwnCount() throws Exception {
    ApiKeys real = ApiKeys.open(dir);
    ApiKeys.NewKey strong = real.create("strong");
    ApiKeys.NewKey cheap = ApiKeys.openWithIterations(dir, 1_000).create("cheap");
    List<Object> recs = Json.arr(Json.obj(JsonCodec.standard().parse(Files.readString(real.file())), "file").get("keys"), "keys");
    Map<String, Object> first = Json.obj(recs.get(0), "key");
    Map<String, Object> second = Json.obj(recs.get(1), "key");
    assertThat(((Number) first.get("iterations")).intValue()).isEqualTo(ApiKeys.ITERATIONS).isEqualTo(210_000);
    assertThat(((Number) second.get("iterations")).intValue()).isEqualTo(1_000);
    ApiKeys reopened = ApiKeys.open(dir);
    assertThat(reopened.verify(strong.token())).map(ApiKeys.KeyInfo::name).contains("strong");
    assertThat(reopened.verify(cheap.token())).map(ApiKeys.KeyInfo::name).contains("cheap");
    assertThat(reopened.verify(cheap.token() + "x")).isEmpty();
  }
}
