package dev.lucent.audit.plugins;

import java.io.File;
import java.util.Locale;
import org.apache.felix.fileinstall.ArtifactInstaller;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * FileInstall's hook into the plugins folder: every file there except settings ({@code .cfg}, {@code .config},
 * left to FileInstall's ConfigAdmin support) comes here instead of FileInstall's own bundle installer, which
 * would install any bundle unchecked. The high ranking puts this installer first.
 *
 * <p>Delayed (not immediate): in headless mode FileInstall is absent and this class is never loaded.
 */
@Component(service = ArtifactInstaller.class, property = "service.ranking:Integer=10000")
public final class PluginArtifactInstaller implements ArtifactInstaller {

    private final PluginManager plugins;

    @Activate
    public PluginArtifactInstaller(@Reference PluginManager plugins) {
        this.plugins = plugins;
    }

    @Override
    public boolean canHandle(File artifact) {
        String name = artifact.getName().toLowerCase(Locale.ROOT);
        if (name.endsWith(".cfg") || name.endsWith(".config")) return false;
        return plugins.inFolder(artifact.toPath());
    }

    @Override
    public void install(File artifact) {
        if (ignored(artifact)) return;
        plugins.deploy(artifact.toPath());
    }

    @Override
    public void update(File artifact) {
        if (ignored(artifact)) return;
        plugins.deploy(artifact.toPath());
    }

    @Override
    public void uninstall(File artifact) {
        plugins.remove(artifact.toPath());
    }

    /** Hidden files and editors' temporary copies are claimed (so nothing else installs them) but not listed. */
    private static boolean ignored(File f) {
        String n = f.getName();
        return n.startsWith(".") || n.endsWith("~") || n.endsWith(".tmp") || n.endsWith(".part");
    }
}
