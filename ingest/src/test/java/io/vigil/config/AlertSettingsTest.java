package io.vigil.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.snakeyaml.engine.v2.api.LoadSettings;
import org.snakeyaml.engine.v2.composer.Composer;
import org.snakeyaml.engine.v2.nodes.MappingNode;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.NodeTuple;
import org.snakeyaml.engine.v2.nodes.ScalarNode;
import org.snakeyaml.engine.v2.parser.ParserImpl;
import org.snakeyaml.engine.v2.scanner.StreamReader;

class AlertSettingsTest {
  private static final Map<String, String> ENV = Map.of("HOOK_SECRET", "0123456789abcdef0123", "MQTT_PASSWORD", "pw");

  /** The value of the document's {@code alerts:} key, as the cameras.yml loader hands it over. */
  private static Node alertsNode(String yaml) {
    LoadSettings s = LoadSettings.builder().build();
    Node root = new Composer(s, new ParserImpl(s, new StreamReader(s, yaml))).getSingleNode().orElseThrow();
    for (NodeTuple t : ((MappingNode) root).getValue()) {
      if (((ScalarNode) t.getKeyNode()).getValue().equals("alerts")) return t.getValueNode();
    }
    return null;
  }

  @Test
  void readsAFullSectionWithSecretsFromTheEnvironment() {
    AlertSettings s = AlertSettings.parse(alertsNode(String.join("\n",
        "cameras: []",
        "alerts:",
        "  clear_after: 45s",
        "  escalate_after: 2m",
        "  offline_after: 10s",
        "  degraded_ratio: 0.4",
        "  webhook_retry: { attempts: 6, first_delay: 200ms }",
        "  sites:",
        "    Quarantine site 1:",
        "      mqtt: { host: 127.0.0.1, port: 1883, username: vigil, password: '${MQTT_PASSWORD}' }",
        "      webhooks:",
        "        - { url: 'https://ops.example/hook?token=abc', secret: '${HOOK_SECRET}' }",
        "      escalation:",
        "        - { url: 'https://duty.example/page', secret: '${HOOK_SECRET}' }",
        "    '*': {}")), "cameras.yml", ENV);
    assertEquals(Duration.ofSeconds(45), s.clearAfter());
    assertEquals(Duration.ofMinutes(2), s.escalateAfter());
    assertEquals(Duration.ofSeconds(10), s.offlineAfter());
    assertEquals(Duration.ofSeconds(60), s.degradedAfter());
    assertEquals(0.4, s.degradedRatio());
    assertEquals(6, s.retry().attempts());
    assertEquals(Duration.ofMillis(200), s.retry().firstDelay());
    AlertSettings.Site site = s.site("Quarantine site 1");
    assertEquals("pw", site.mqtt().password());
    assertEquals("vigil", site.mqtt().topicPrefix());
    assertEquals("0123456789abcdef0123", site.webhooks().get(0).secret());
    assertEquals("https://ops.example/hook", site.webhooks().get(0).safeUrl());
    assertFalse(site.webhooks().get(0).toString().contains("0123456789"), "secrets never printed");
    assertFalse(site.mqtt().toString().contains("pw,"));
    assertEquals(1, site.escalation().size());
    assertNull(s.site("elsewhere").mqtt(), "the '*' entry serves other sites");
  }

  @Test
  void aMissingSectionGivesTheDefaults() {
    assertEquals(AlertSettings.defaults(), AlertSettings.parse(null, "cameras.yml", ENV));
    assertEquals(AlertSettings.defaults(), AlertSettings.fromMap(Map.of(), ENV));
  }

  @Test
  void everyProblemIsReportedWithItsLineAndKey() {
    ConfigException e = assertThrows(ConfigException.class, () -> AlertSettings.parse(alertsNode(String.join("\n",
        "alerts:",
        "  clear_after: soon",
        "  escalate_afer: 5m",
        "  degraded_ratio: 2",
        "  sites:",
        "    a:",
        "      webhooks:",
        "        - { url: 'ftp://x', secret: 'literal-secret-in-file' }",
        "        - { url: 'https://x.example/', secret: '${UNSET_VARIABLE}' }")), "cameras.yml", ENV));
    List<String> p = e.problems();
    assertTrue(p.contains("cameras.yml:2: alerts.clear_after: must be a duration such as 500ms, 30s, 5m, 1h or 1d, was 'soon'"), p.toString());
    assertTrue(p.stream().anyMatch(x -> x.startsWith("cameras.yml:3: alerts.escalate_afer: is not a known key")), p.toString());
    assertTrue(p.stream().anyMatch(x -> x.startsWith("cameras.yml:8: alerts.sites.a.webhooks[0].secret: must be a reference")), p.toString());
    assertTrue(p.stream().anyMatch(x -> x.contains("webhooks[1].secret: refers to environment variable UNSET_VARIABLE")), p.toString());
  }

  @Test
  void boundsAreCheckedOnPlainMapsToo() {
    ConfigException e = assertThrows(ConfigException.class,
        () -> AlertSettings.fromMap(Map.of("degraded_ratio", 1.5), ENV));
    assertEquals(List.of("alerts: degraded_ratio must be between 0 and 1 (exclusive), was 1.5"), e.problems());
    ConfigException w = assertThrows(ConfigException.class, () -> AlertSettings.fromMap(Map.of("sites",
        Map.of("a", Map.of("webhooks", List.of(Map.of("url", "https://u:p@x.example/", "secret", "${HOOK_SECRET}"))))), ENV));
    assertEquals(List.of("alerts.sites.a.webhooks[0]: webhook url needs a host and no user info or fragment"), w.problems());
  }

  @Test
  void eachClusterNodeGetsItsOwnMqttClientId() {
    AlertSettings s = AlertSettings.fromMap(Map.of("sites", Map.of("a", Map.of("mqtt",
        Map.of("host", "127.0.0.1", "client_id", "vigil-alerts-district7")))), ENV);
    AlertSettings.Mqtt one = s.forNode("5f0c7a1e-0d4e-4b7e-9a43-1c2d3e4f5a6b").site("a").mqtt();
    AlertSettings.Mqtt two = s.forNode("5f0c7a1e-0d4e-4b7e-9a43-1c2d3e4f5a6c").site("a").mqtt();
    assertTrue(one.clientId().matches("vigil-alerts-dis-[0-9a-z]{6}"), one.clientId());
    assertTrue(one.clientId().length() <= 23);
    assertFalse(one.clientId().equals(two.clientId()), "two nodes, two client ids");
    assertEquals(one.clientId(), s.forNode("5f0c7a1e-0d4e-4b7e-9a43-1c2d3e4f5a6b").site("a").mqtt().clientId(),
        "a node keeps its id across reconnects");
    assertEquals("127.0.0.1", one.host());
    assertEquals(s.clearAfter(), s.forNode("n").clearAfter());
  }
}
