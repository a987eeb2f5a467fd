package com.dumontcloud.sdk.spi.support;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.dumontcloud.sdk.exception.NotFoundException;
import com.dumontcloud.sdk.exception.ProviderErrorDetails;
import com.dumontcloud.sdk.exception.ProviderProtocolException;
import com.dumontcloud.sdk.internal.json.MoshiJsonCodec;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class BodiesTest {
  private static final JsonCodec JSON = MoshiJsonCodec.get();

  @Test
  void read_wellFormedBody_appliesMapper() {
    int n = Bodies.read(JSON, "vast", "searchOffers", ok("{\"offers\":[1,2,3]}"),
        root -> ((List<?>) ((Map<?, ?>) root).get("offers")).size());

    assertThat(n).isEqualTo(3);
  }

  @Test
  void read_malformedJson_isProviderProtocolNamingProviderOperationAndExcerpt() {
    ProviderProtocolException e = catchThrowableOfType(
        () -> Bodies.read(JSON, "vast", "searchOffers", ok("<html>502 Bad Gateway</html>"), root -> root),
        ProviderProtocolException.class);

    assertThat(e.providerId()).isEqualTo("vast");
    assertThat(e.operation()).isEqualTo("searchOffers");
    assertThat(e.statusCode()).isEqualTo(200);
    assertThat(e.attempts()).isEqualTo(2);
    assertThat(e.bodyExcerpt()).isEqualTo("<html>502 Bad Gateway</html>");
    assertThat(e.getMessage()).contains("provider=vast", "op=searchOffers", "malformed JSON", "502 Bad Gateway");
    assertThat(e.getCause()).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void read_emptyBody_isProviderProtocol() {
    assertThat(catchThrowableOfType(() -> Bodies.read(JSON, "vast", "get", ok(""), root -> root),
        ProviderProtocolException.class)).isNotNull();
  }

  @Test
  void read_unexpectedShape_classCastBecomesProviderProtocol() {
    ProviderProtocolException e = catchThrowableOfType(
        () -> Bodies.read(JSON, "vast", "searchOffers", ok("[1,2]"), root -> ((Map<?, ?>) root).size()),
        ProviderProtocolException.class);

    assertThat(e.getCause()).isInstanceOf(ClassCastException.class);
    assertThat(e.getMessage()).contains("malformed vast response: a field has the wrong type")
        .doesNotContain("ClassCastException");
  }

  @Test
  void read_missingField_nullPointerBecomesProviderProtocol() {
    ProviderProtocolException e = catchThrowableOfType(
        () -> Bodies.read(JSON, "tensordock", "launch", ok("{\"success\":true}"),
            root -> ((Map<?, ?>) root).get("server").toString()),
        ProviderProtocolException.class);

    assertThat(e.getCause()).isInstanceOf(NullPointerException.class);
    assertThat(e.providerId()).isEqualTo("tensordock");
  }

  @Test
  void read_badNumberOrDate_becomesProviderProtocol() {
    assertThat(catchThrowableOfType(() -> Bodies.read(JSON, "gcp", "get", ok("{\"n\":\"12x\"}"),
        root -> Long.parseLong((String) ((Map<?, ?>) root).get("n"))), ProviderProtocolException.class))
        .hasCauseInstanceOf(NumberFormatException.class);
    assertThat(catchThrowableOfType(() -> Bodies.read(JSON, "gcp", "get", "{\"t\":\"yesterday\"}",
        root -> Instant.parse((String) ((Map<?, ?>) root).get("t"))), ProviderProtocolException.class))
        .hasCauseInstanceOf(java.time.format.DateTimeParseException.class);
  }

  @Test
  void read_mapperThrowsSdkException_passesThrough() {
    NotFoundException nf = new NotFoundException(ProviderErrorDetails.of("vast", "get", "gone"));

    assertThat(catchThrowableOfType(() -> Bodies.read(JSON, "vast", "get", ok("{}"), root -> {
      throw nf;
    }), NotFoundException.class)).isSameAs(nf);
  }

  @Test
  void object_arrayBody_isProviderProtocol() {
    ProviderProtocolException e = catchThrowableOfType(
        () -> Bodies.object(JSON, "vast", "get", ok("[]")), ProviderProtocolException.class);

    assertThat(e.getMessage()).contains("expected a JSON object but got an array");
  }

  @Test
  void object_objectBody_returnsMap() {
    assertThat(Bodies.object(JSON, "vast", "get", ok("{\"id\":7}"))).containsEntry("id", 7.0);
  }

  @Test
  void malformed_longBodyWithKey_isRedactedAndTruncated() {
    String body = "{\"api_key\":\"abcdef123456\",\"pad\":\"" + "x".repeat(2000) + "\"}";

    ProviderProtocolException e = Bodies.malformed("vast", "launch", ok(body), "no 'new_contract' in answer", null);

    assertThat(e.bodyExcerpt()).doesNotContain("abcdef123456").contains("\"api_key\":\"****");
    assertThat(e.bodyExcerpt().length()).isLessThan(Redaction.MAX_EXCERPT + 30);
    assertThat(e.getMessage()).contains("no 'new_contract' in answer");
  }

  private static HttpResult ok(String body) {
    return new HttpResult(200, Map.of(), body, 2);
  }
}
