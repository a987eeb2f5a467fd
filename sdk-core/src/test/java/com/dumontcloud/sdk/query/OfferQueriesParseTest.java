package com.dumontcloud.sdk.query;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.dumontcloud.sdk.exception.InvalidQueryException;
import com.dumontcloud.sdk.model.OfferQuery;
import com.dumontcloud.sdk.model.OfferQuery.Filter;
import com.dumontcloud.sdk.model.OfferQuery.Op;
import com.dumontcloud.sdk.model.OfferQuery.Sort;
import com.dumontcloud.sdk.model.PricingModel;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class OfferQueriesParseTest {

  private static Filter f(String field, Op op, Object value) {
    return new Filter(field, op, value);
  }

  static Stream<Arguments> validQueries() {
    return Stream.of(
        Arguments.of("gpu_name=RTX_4090 num_gpus>=2 dph<1.5 gpu_ram>=24 reliability>0.98 geolocation in [US,CA]",
            List.of(f("gpu_name", Op.EQ, "RTX 4090"), f("num_gpus", Op.GE, 2.0), f("dph", Op.LT, 1.5),
                f("gpu_ram", Op.GE, 24.0), f("reliability", Op.GT, 0.98),
                f("geolocation", Op.IN, List.of("US", "CA")))),
        Arguments.of("", List.of()),
        Arguments.of("   ", List.of()),
        Arguments.of("num_gpus == 1", List.of(f("num_gpus", Op.EQ, 1.0))),
        Arguments.of("num_gpus != 1", List.of(f("num_gpus", Op.NE, 1.0))),
        Arguments.of("dph <= 0.5", List.of(f("dph", Op.LE, 0.5))),
        Arguments.of("gpu_name=\"RTX 4090\"", List.of(f("gpu_name", Op.EQ, "RTX 4090"))),
        Arguments.of("gpu_name='my_gpu'", List.of(f("gpu_name", Op.EQ, "my_gpu"))),
        Arguments.of("gpu_name in [RTX_4090, \"RTX 3090\", A100 SXM4]",
            List.of(f("gpu_name", Op.IN, List.of("RTX 4090", "RTX 3090", "A100 SXM4")))),
        Arguments.of("geolocation notin [cn,hk]", List.of(f("geolocation", Op.NOT_IN, List.of("CN", "HK")))),
        Arguments.of("num_gpus in [1,2,4]", List.of(f("num_gpus", Op.IN, List.of(1.0, 2.0, 4.0)))),
        Arguments.of("geolocation in US", List.of(f("geolocation", Op.IN, List.of("US")))),
        Arguments.of("verified=true rentable=True external=false",
            List.of(f("verified", Op.EQ, true), f("rentable", Op.EQ, true), f("external", Op.EQ, false))),
        Arguments.of("host_id=null machine_id!=None",
            List.of(f("host_id", Op.EQ, null), f("machine_id", Op.NE, null))),
        Arguments.of("cuda_vers>=12.1 inet_down>500 cpu_ram>=64 disk_space>100",
            List.of(f("cuda_vers", Op.GE, 12.1), f("inet_down", Op.GT, 500.0), f("cpu_ram", Op.GE, 64.0),
                f("disk_space", Op.GT, 100.0))),
        // Vast word operators, incl. two-word ones
        Arguments.of("gpu_name eq RTX_4090 num_gpus gte 2 dph lt 1 reliability gt 0.9 cpu_cores lte 32",
            List.of(f("gpu_name", Op.EQ, "RTX 4090"), f("num_gpus", Op.GE, 2.0), f("dph", Op.LT, 1.0),
                f("reliability", Op.GT, 0.9), f("cpu_cores", Op.LE, 32.0))),
        Arguments.of("num_gpus neq 3 num_gpus noteq 5 num_gpus not eq 7",
            List.of(f("num_gpus", Op.NE, 3.0), f("num_gpus", Op.NE, 5.0), f("num_gpus", Op.NE, 7.0))),
        Arguments.of("geolocation nin [CN] geolocation not in [RU]",
            List.of(f("geolocation", Op.NOT_IN, List.of("CN")), f("geolocation", Op.NOT_IN, List.of("RU")))),
        // "any" removes the term (Vast's rented=any)
        Arguments.of("rented=any verified=* gpu_name=? num_gpus=1", List.of(f("num_gpus", Op.EQ, 1.0))),
        // the origin's test query
        Arguments.of("dph_total<=0.10 geolocation in [US,EU,BR,CA] reliability2>=0.90",
            List.of(f("dph", Op.LE, 0.1), f("geolocation", Op.IN, List.of("US", "EU", "BR", "CA")),
                f("reliability", Op.GE, 0.9))));
  }

  @ParameterizedTest(name = "[{index}] {0}")
  @MethodSource("validQueries")
  void parse_validQuery_producesFilters(String query, List<Filter> expected) {
    OfferQuery parsed = OfferQueries.parse(query);

    assertThat(parsed.filters()).containsExactlyElementsOf(expected);
  }

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource({
      "dph_total, dph",
      "price, dph",
      "reliability2, reliability",
      "cpu_cores_effective, cpu_cores",
      "cuda_max_good, cuda_vers",
      "gpu_memory, gpu_ram",
      "gpu_totalram, gpu_total_ram",
      "dlperf_usd, dlperf_per_dphtotal",
      "flops_usd, flops_per_dphtotal",
      "display_active, gpu_display_active",
      "DPH_TOTAL, dph"})
  void parse_fieldAlias_resolvesToCanonicalName(String alias, String canonical) {
    String value = canonical.equals("gpu_display_active") ? "false" : "1";

    OfferQuery parsed = OfferQueries.parse(alias + "=" + value);

    assertThat(parsed.filters()).singleElement().extracting(Filter::field).isEqualTo(canonical);
  }

  static Stream<Arguments> invalidQueries() {
    return Stream.of(
        Arguments.of("dph<<0.5", 4, "unexpected '<' after operator '<'"),
        Arguments.of("dph=>1", 4, "did you mean '>='?"),
        Arguments.of("gpu_nmae=RTX_4090", 0, "unknown field 'gpu_nmae'; did you mean 'gpu_name'?"),
        Arguments.of("num_gpus>=1 bogus_field=2", 12, "unknown field 'bogus_field'"),
        Arguments.of("dph<", 4, "missing value after 'dph <'"),
        Arguments.of("dph< ", 5, "missing value"),
        Arguments.of("num_gpus", 8, "missing operator after 'num_gpus'"),
        Arguments.of("num_gpus 2", 9, "expected an operator after 'num_gpus', found '2'"),
        Arguments.of("num_gpus like 2", 9, "unknown operator 'like'"),
        Arguments.of("geolocation in [US,CA", 15, "unclosed list: missing ']'"),
        Arguments.of("gpu_name in []", 13, "empty list"),
        Arguments.of("gpu_name in [a,,b]", 15, "empty list item"),
        Arguments.of("gpu_name=\"RTX 4090", 9, "unclosed quote"),
        Arguments.of("num_gpus>=two", 10, "'two' is not a number"),
        Arguments.of("verified=maybe", 9, "is not true or false"),
        Arguments.of("verified>true", 8, "does not apply to boolean field 'verified'"),
        Arguments.of("gpu_name>RTX_4090", 8, "does not apply to text field 'gpu_name'"),
        Arguments.of("geolocation in US,CA", 17, "write lists as [a,b]"),
        Arguments.of("num_gpus=[1,2]", 9, "takes a single value"),
        Arguments.of(">=2", 0, "expected a field name"),
        Arguments.of("gpu_name not like x", 13, "'not' must be followed by 'eq' or 'in'"),
        Arguments.of("dph< <0.5", 5, "unexpected '<' in value"),
        Arguments.of("dph<0.5 num_gpus>", 17, "missing value"),
        Arguments.of("dph>null", 4, "null compares only with = or !="),
        Arguments.of("limit=0", 6, "limit must be a positive integer"),
        Arguments.of("sort=fastest", 5, "unknown sort 'fastest'"),
        Arguments.of("type=reserved", 5, "type must be on-demand or spot"),
        Arguments.of("limit>5", 5, "'limit' takes '=' only"));
  }

  @ParameterizedTest(name = "{0} @ {1}")
  @MethodSource("invalidQueries")
  void parse_invalidQuery_throwsWithPositionAndCaret(String query, int position, String message) {
    assertThatThrownBy(() -> OfferQueries.parse(query))
        .isInstanceOf(InvalidQueryException.class)
        .hasMessageContaining(message)
        .hasMessageContaining("at position " + position)
        .hasMessageContaining("\n  " + query + "\n  " + " ".repeat(position) + "^")
        .extracting(e -> ((InvalidQueryException) e).position()).isEqualTo(position);
  }

  @Test
  void parse_unknownField_underlinesWholeToken() {
    assertThatThrownBy(() -> OfferQueries.parse("num_gpus=1 gpu_nmae=RTX_4090"))
        .hasMessageEndingWith("\n  num_gpus=1 gpu_nmae=RTX_4090\n             ^^^^^^^^");
  }

  @Test
  void parse_controlTerms_setLimitSortAndPricingModel() {
    OfferQuery q = OfferQueries.parse("gpu_name=RTX_4090 limit=5 sort=value- type=spot");

    assertThat(q.filters()).hasSize(1);
    assertThat(q.limit()).isEqualTo(5);
    assertThat(q.sort()).isEqualTo(Sort.VALUE);
    assertThat(q.descending()).isTrue();
    assertThat(q.pricingModel()).isEqualTo(PricingModel.SPOT);
  }

  @ParameterizedTest
  @CsvSource({"type=on-demand, ON_DEMAND", "type=ondemand, ON_DEMAND", "type=bid, SPOT", "type=interruptible, SPOT"})
  void parse_typeTerm_mapsVastNames(String query, PricingModel expected) {
    assertThat(OfferQueries.parse(query).pricingModel()).isEqualTo(expected);
  }

  @Test
  void parse_defaults_priceAscendingNoLimit() {
    OfferQuery q = OfferQueries.parse("num_gpus=1");

    assertThat(q.sort()).isEqualTo(Sort.PRICE);
    assertThat(q.descending()).isFalse();
    assertThat(q.limit()).isNull();
    assertThat(q.pricingModel()).isNull();
  }

  @Test
  void parse_viaOfferQueryShortcut_isSameQuery() {
    String text = "gpu_name=RTX_4090 num_gpus>=1 dph<0.5";

    assertThat(OfferQuery.parse(text)).isEqualTo(OfferQueries.parse(text));
  }

  @Test
  void parse_null_throws() {
    assertThatThrownBy(() -> OfferQueries.parse(null)).isInstanceOf(InvalidQueryException.class);
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "gpu_name=RTX_4090 num_gpus>=2 dph<1.5 gpu_ram>=24 reliability>0.98 geolocation in [US,CA]",
      "gpu_name in [RTX_4090,\"A100 SXM4\"] verified=true host_id!=null limit=3 sort=reliability type=on-demand",
      "geolocation notin [CN] cuda_vers>=12.1 sort=price-",
      "id='my_offer' region=us-central1 num_gpus in [1,2]",
      ""})
  void format_parsedQuery_roundTrips(String text) {
    OfferQuery q = OfferQueries.parse(text);

    assertThat(OfferQueries.parse(OfferQueries.format(q))).isEqualTo(q);
  }

  @Test
  void format_query_usesQueryLanguage() {
    OfferQuery q = OfferQueries.parse("gpu_name=RTX_4090 num_gpus>=2 geolocation in [US,CA] limit=5");

    assertThat(OfferQueries.format(q))
        .isEqualTo("gpu_name=\"RTX 4090\" num_gpus>=2 geolocation in [US,CA] limit=5");
  }

  @ParameterizedTest
  @CsvSource({
      "price, PRICE", "PRICE, PRICE", "dph_total, PRICE", "cheapest, PRICE",
      "value, VALUE", "dlperf_usd, VALUE", "price_per_performance, VALUE",
      "reliability, RELIABILITY", "reliability2, RELIABILITY"})
  void parseSort_name_mapsToSort(String name, Sort expected) {
    assertThat(OfferQueries.parseSort(name)).isEqualTo(expected);
  }

  @Test
  void parseSort_unknownName_listsChoices() {
    assertThatThrownBy(() -> OfferQueries.parseSort("speed"))
        .isInstanceOf(InvalidQueryException.class)
        .hasMessageContaining("use price, value or reliability");
  }

  @Test
  void parseSeedSearch_seedBody_buildsFiltersSortAndLimit() {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("gpu_name", "RTX4090");
    body.put("max_price", 2.0);
    body.put("min_gpu_ram", 16);
    body.put("num_gpus", 1);
    body.put("rentable", true);
    body.put("sort_by", "price");
    body.put("limit", 10);

    OfferQuery q = OfferQueries.parseSeedSearch(body);

    assertThat(q.filters()).containsExactly(f("gpu_name", Op.EQ, "RTX4090"), f("dph", Op.LE, 2.0),
        f("gpu_ram", Op.GE, 16.0), f("num_gpus", Op.EQ, 1.0), f("rentable", Op.EQ, true));
    assertThat(q.sort()).isEqualTo(Sort.PRICE);
    assertThat(q.limit()).isEqualTo(10);
  }

  @Test
  void parseSeedSearch_queryParameterStrings_areConverted() {
    OfferQuery q = OfferQueries.parseSeedSearch(Map.of("gpu_name", "RTX_4090", "max_price", "1.5",
        "rentable", "true", "order", "descending", "sort_by", "reliability", "limit", "5"));

    assertThat(q.filters()).contains(f("gpu_name", Op.EQ, "RTX 4090"), f("dph", Op.LE, 1.5),
        f("rentable", Op.EQ, true));
    assertThat(q.sort()).isEqualTo(Sort.RELIABILITY);
    assertThat(q.descending()).isTrue();
    assertThat(q.limit()).isEqualTo(5);
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "colour|red|unknown search field 'colour'",
      "max_price|cheap|max_price must be a number",
      "max_price|-1|max_price must be positive",
      "limit|2.5|limit must be a positive integer",
      "rentable|maybe|rentable must be true or false",
      "sort_by|speed|unknown sort 'speed'",
      "order|sideways|order must be ascending or descending"})
  void parseSeedSearch_badField_throws(String key, String value, String message) {
    assertThatThrownBy(() -> OfferQueries.parseSeedSearch(Map.of(key, value)))
        .isInstanceOf(InvalidQueryException.class)
        .hasMessageContaining(message);
  }

  @Test
  void knownFields_includeCanonicalNamesAliasesAndControls() {
    assertThat(OfferQueries.knownFields())
        .contains("gpu_name", "dph", "dph_total", "reliability2", "geolocation", "limit", "sort", "type")
        .isSorted();
  }
}
