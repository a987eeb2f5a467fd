package com.dumontcloud.sdk.spi.support;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.dumontcloud.sdk.exception.ProviderProtocolException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PaginatorTest {
  @Test
  void cursor_followsTokensUntilNone() {
    Map<String, Paginator.Page<Integer>> pages = Map.of(
        "", new Paginator.Page<>(List.of(1, 2), "b"),
        "b", new Paginator.Page<>(List.of(3), "c"),
        "c", new Paginator.Page<>(List.of(4), " "));
    List<String> asked = new ArrayList<>();
    Paginator<Integer> p = Paginator.<Integer>cursor("vast", "list", t -> {
      asked.add(t);
      return pages.get(t == null ? "" : t);
    }).build();
    assertThat(p.toList()).containsExactly(1, 2, 3, 4);
    assertThat(asked).containsExactly(null, "b", "c");
  }

  @Test
  void cursor_isLazy() {
    List<String> asked = new ArrayList<>();
    Paginator<Integer> p = Paginator.<Integer>cursor("vast", "list", t -> {
      asked.add(t);
      return new Paginator.Page<>(List.of(asked.size()), "t" + asked.size());
    }).build();
    assertThat(p.stream().findFirst()).contains(1);
    assertThat(asked).hasSize(1);
  }

  @Test
  void cursor_repeatedToken_isAProtocolErrorNamingProviderAndToken() {
    Paginator<Integer> p = Paginator.<Integer>cursor("vast", "list", t -> new Paginator.Page<>(List.of(), "abc"))
        .tokenName("next_token").build();
    assertThatThrownBy(p::toList).isInstanceOfSatisfying(ProviderProtocolException.class, e -> {
      assertThat(e.providerId()).isEqualTo("vast");
      assertThat(e.operation()).isEqualTo("list");
      assertThat(e.getMessage()).contains("next_token repeats ('abc' after page 2)");
    });
  }

  @Test
  void cursor_maxPages_stops() {
    int[] n = {0};
    Paginator<Integer> p = Paginator.<Integer>cursor("gcp", "list", t -> new Paginator.Page<>(List.of(n[0]), "t" + n[0]++))
        .maxPages(3).build();
    assertThatThrownBy(p::toList).isInstanceOf(ProviderProtocolException.class).hasMessageContaining("more than 3 pages");
  }

  @Test
  void pages_stopsAtAShortPage() {
    List<Integer> asked = new ArrayList<>();
    Paginator<Integer> p = Paginator.<Integer>pages("td", "list", 1, 2, n -> {
      asked.add(n);
      return n < 3 ? List.of(n * 10, n * 10 + 1) : List.of(99);
    }).build();
    assertThat(p.toList()).containsExactly(10, 11, 20, 21, 99);
    assertThat(asked).containsExactly(1, 2, 3);
  }

  @Test
  void pages_unknownSize_stopsAtAnEmptyPage() {
    Paginator<Integer> p = Paginator.<Integer>pages("td", "list", 0, 0, n -> n < 2 ? List.of(n) : List.of()).build();
    assertThat(p.toList()).containsExactly(0, 1);
  }
}
