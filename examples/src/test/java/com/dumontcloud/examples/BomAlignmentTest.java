package com.dumontcloud.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;

/**
 * The BOM pins every third-party artifact it names at the version the SDK is built with (the parent's), so that what
 * this module proves as a consumer (dependency convergence with the BOM alone) holds for the versions we test.
 */
class BomAlignmentTest {
  private static final Path ROOT = Path.of(System.getProperty("basedir", System.getProperty("user.dir")))
      .toAbsolutePath().getParent();

  @Test
  void bomVersions_equalTheParentsManagedVersions() throws Exception {
    Map<String, String> parent = managed(ROOT.resolve("pom.xml"));
    Map<String, String> bom = managed(ROOT.resolve("sdk-bom/pom.xml"));

    assertThat(bom).containsKeys("com.squareup.okio:okio-jvm", "org.jetbrains.kotlin:kotlin-stdlib",
        "com.squareup.okhttp3:okhttp", "org.junit:junit-bom");
    bom.forEach((ga, version) -> {
      if (ga.startsWith("com.dumontcloud:")) return;
      assertThat(parent).as("the parent manages %s", ga).containsKey(ga);
      assertThat(version).as("version of %s in sdk-bom vs the parent pom", ga).isEqualTo(parent.get(ga));
    });
  }

  /** groupId:artifactId → version of a pom's dependencyManagement, properties resolved. */
  private static Map<String, String> managed(Path pom) throws Exception {
    Document d = DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(pom.toFile());
    Map<String, String> props = new LinkedHashMap<>();
    NodeList ps = d.getElementsByTagName("properties");
    for (int i = 0; i < ps.getLength(); i++) {
      if (ps.item(i).getParentNode() != d.getDocumentElement()) continue;
      NodeList kids = ps.item(i).getChildNodes();
      for (int k = 0; k < kids.getLength(); k++) {
        if (kids.item(k) instanceof Element e) props.put(e.getTagName(), e.getTextContent().trim());
      }
    }
    Map<String, String> out = new LinkedHashMap<>();
    Element dm = (Element) d.getElementsByTagName("dependencyManagement").item(0);
    NodeList deps = dm.getElementsByTagName("dependency");
    for (int i = 0; i < deps.getLength(); i++) {
      Element dep = (Element) deps.item(i);
      out.put(text(dep, "groupId") + ":" + text(dep, "artifactId"), resolve(text(dep, "version"), props));
    }
    return out;
  }

  private static String text(Element e, String tag) {
    Node n = e.getElementsByTagName(tag).item(0);
    return n == null ? null : n.getTextContent().trim();
  }

  private static String resolve(String v, Map<String, String> props) {
    Matcher m = Pattern.compile("\\$\\{([^}]+)}").matcher(v);
    StringBuilder sb = new StringBuilder();
    while (m.find()) m.appendReplacement(sb, Matcher.quoteReplacement(props.getOrDefault(m.group(1), m.group())));
    return m.appendTail(sb).toString();
  }
}
