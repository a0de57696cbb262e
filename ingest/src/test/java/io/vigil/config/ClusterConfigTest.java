package io.vigil.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The strict {@code cluster:} section and the checks that apply once the command line changed it. */
class ClusterConfigTest {
  @TempDir Path dir;

  private static final String DB = """
      database:
        url: jdbc:postgresql://10.0.0.9:5432/vigil
        user: vigil
        password: ${VIGIL_DB_PASSWORD}
      """;

  private Path write(String yaml) throws IOException {
    Path f = dir.resolve("cameras.yml");
    Files.writeString(f, yaml + "cameras: []\n", StandardCharsets.UTF_8);
    return f;
  }

  private List<String> problems(String yaml) throws IOException {
    Path f = write(yaml);
    return assertThrows(ConfigException.class, () -> VigilConfig.load(f)).problems();
  }

  @Test
  void absentSectionMeansOneNode() throws IOException {
    VigilConfig c = VigilConfig.load(write(""));
    assertSame(ClusterSettings.DISABLED, c.cluster());
    assertFalse(c.cluster().enabled());
    assertSame(c, c.checked(), "a single node needs no shared database");
  }

  @Test
  void everyFieldIsRead() throws IOException {
    VigilConfig c = VigilConfig.load(write(DB + """
        cluster:
          host: 10.0.0.5
          port: 5702
          members: [10.0.0.5:5702, 10.0.0.6:5702, vigil-3.example:5702]
          event_bus_port: 5802
          event_bus_public_host: 203.0.113.5
        """));
    ClusterSettings s = c.cluster();
    assertTrue(s.enabled(), "a cluster: section turns clustering on unless enabled: false");
    assertEquals("10.0.0.5", s.host());
    assertEquals(5702, s.port());
    assertEquals(List.of("10.0.0.5:5702", "10.0.0.6:5702", "vigil-3.example:5702"), s.members());
    assertEquals("10.0.0.5", s.eventBusHost(), "the event bus binds the cluster host unless told otherwise");
    assertEquals(5802, s.eventBusPort());
    assertEquals("203.0.113.5", s.eventBusPublicHost());
    assertSame(c, c.checked());
  }

  @Test
  void defaults() throws IOException {
    ClusterSettings s = VigilConfig.load(write(DB + "cluster: {enabled: true}\n")).cluster();
    assertEquals("127.0.0.1", s.host());
    assertEquals(ClusterSettings.DEFAULT_PORT, s.port());
    assertEquals(ClusterSettings.DEFAULT_EVENT_BUS_PORT, s.eventBusPort());
    assertEquals(List.of(), s.members());
  }

  @Test
  void unknownKeyIsRejected() throws IOException {
    List<String> p = problems(DB + "cluster:\n  multicast: true\n");
    assertEquals(1, p.size(), p::toString);
    assertTrue(p.get(0).contains(": cluster.multicast: unknown key"), p.get(0));
  }

  @Test
  void membersAreSingleHostPorts() throws IOException {
    List<String> p = problems(DB + "cluster:\n  members: [10.0.0.5:5701-5703, 10.0.0.6, 10.0.0.7:70000]\n");
    assertEquals(3, p.size(), p::toString);
    assertTrue(p.get(0).contains("cluster.members: '10.0.0.5:5701-5703' must be host:port with a single port"), p.get(0));
    assertTrue(p.get(1).contains("'10.0.0.6' must be host:port"), p.get(1));
    assertTrue(p.get(2).contains("'10.0.0.7:70000' has a port outside 1..65535"), p.get(2));
  }

  @Test
  void portsAreBounded() throws IOException {
    List<String> p = problems(DB + "cluster:\n  port: 0\n  event_bus_port: -1\n");
    assertEquals(2, p.size(), p::toString);
    assertTrue(p.get(0).contains("cluster.port: must be between 1 and 65535, got 0"), p.get(0));
    assertTrue(p.get(1).contains("cluster.event_bus_port: must be between 0 and 65535, got -1"), p.get(1));
  }

  @Test
  void clusterNeedsASharedDatabase() throws IOException {
    List<String> p = problems("cluster:\n  port: 5701\n");
    assertEquals(1, p.size(), p::toString);
    assertTrue(p.get(0).contains("cluster: needs a shared database"), p.get(0));
  }

  @Test
  void disabledClusterNeedsNoDatabase() throws IOException {
    assertFalse(VigilConfig.load(write("cluster: {enabled: false}\n")).cluster().enabled());
  }

  @Test
  void commandLineClusterWithoutDatabaseIsAConfigurationError() throws IOException {
    VigilConfig c = VigilConfig.load(write(""));
    VigilConfig clustered = c.withCluster(c.cluster().withEnabled(true));
    ConfigException e = assertThrows(ConfigException.class, clustered::checked);
    assertEquals(1, e.problems().size());
    assertTrue(e.problems().get(0).contains("cluster: needs a shared database"), e.problems().get(0));
  }

  @Test
  void commandLineMembersAreChecked() throws IOException {
    VigilConfig c = VigilConfig.load(write(DB));
    VigilConfig bad = c.withCluster(c.cluster().withEnabled(true).withMembers(List.of("127.0.0.1:5701", "a:1-2")));
    ConfigException e = assertThrows(ConfigException.class, bad::checked);
    assertEquals(List.of(dir.resolve("cameras.yml") + ": cluster.members: 'a:1-2' must be host:port with a single "
        + "port, such as 10.0.0.5:5701"), e.problems());
  }
}
