package com.dumontcloud.sdk.access;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Builds a {@link Principal} from the attributes of a SAML assertion that the host application's SAML library
 * (Spring Security SAML, pac4j, Keycloak's adapter, OpenSAML...) has <b>already validated</b>: signature, issuer,
 * audience restriction, {@code NotBefore}/{@code NotOnOrAfter}, replay. This class checks no XML signature and
 * parses no XML; it only maps names. Pass it nothing that has not been validated.
 *
 * <pre>{@code
 * // e.g. in a Spring Security Saml2AuthenticatedPrincipal handler
 * Principal p = SamlAdapter.builder().groupsAttribute("memberOf").mapping(mapping).build()
 *     .principal(saml.getName(), saml.getAttributes());
 * dumont.as(p).instances().list();
 * }</pre>
 */
public final class SamlAdapter {
  private final String groupsAttribute;
  private final GroupMapping mapping;

  private SamlAdapter(Builder b) {
    this.groupsAttribute = b.groupsAttribute;
    this.mapping = b.mapping;
  }

  public static Builder builder() {
    return new Builder();
  }

  /**
   * @param nameId the assertion's validated subject NameID
   * @param attributes the assertion's validated attributes (name to values); values other than texts are ignored
   */
  public Principal principal(String nameId, Map<String, ? extends Collection<?>> attributes) {
    Objects.requireNonNull(attributes, "attributes");
    List<String> groups = new ArrayList<>();
    Collection<?> values = attributes.get(groupsAttribute);
    if (values != null) for (Object v : values) if (v instanceof CharSequence s) groups.add(s.toString().strip());
    return mapping.principal(nameId, groups, "saml");
  }

  /** Builder for {@link SamlAdapter}. */
  public static final class Builder {
    private String groupsAttribute = "groups";
    private GroupMapping mapping = GroupMapping.implicit();

    private Builder() {}

    /** The attribute holding group names (default {@code groups}; ADFS and Azure AD use a claim URI). */
    public Builder groupsAttribute(String name) {
      if (name == null || name.isBlank()) throw new IllegalArgumentException("groupsAttribute must not be empty");
      groupsAttribute = name.strip();
      return this;
    }

    /** Group-to-role mapping (default: {@link GroupMapping#implicit()}). */
    public Builder mapping(GroupMapping m) {
      mapping = Objects.requireNonNull(m, "mapping");
      return this;
    }

    public SamlAdapter build() {
      return new SamlAdapter(this);
    }
  }
}
