package dev.lucent.audit.plugins;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * No component of audit-web (the security filter, the user store, the plugin installer, every page) takes
 * configuration: even if Configuration Admin were added to the host again, no file or plugin could reconfigure
 * them. Read from the Declarative Services descriptors bnd wrote into the bundle.
 */
class ComponentConfigurationTest {

    @Test
    void everyComponentIgnoresConfiguration() throws IOException {
        Path descriptors = Path.of("target/classes/OSGI-INF");
        List<Path> xml;
        try (Stream<Path> s = Files.list(descriptors)) {
            xml = s.filter(p -> p.toString().endsWith(".xml")).sorted().toList();
        }
        assertTrue(xml.size() >= 25, "descriptors found: " + xml);
        List<String> configurable = xml.stream().filter(p -> {
            try {
                return !Files.readString(p).contains("configuration-policy=\"ignore\"");
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        }).map(p -> p.getFileName().toString()).toList();
        assertEquals(List.of(), configurable, "components that would take configuration");
        assertTrue(xml.stream().anyMatch(p -> p.getFileName().toString().contains("SecurityFilter")), "the security filter is among them");
    }
}
