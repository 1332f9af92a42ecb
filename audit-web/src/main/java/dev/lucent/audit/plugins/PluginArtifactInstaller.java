package dev.lucent.audit.plugins;

import java.io.File;
import java.nio.file.Files;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.apache.felix.fileinstall.ArtifactInstaller;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;

/**
 * FileInstall's hook into the plugins folder: every file there comes here, instead of FileInstall's own bundle
 * installer (which would install any bundle unchecked) or its settings reader. Jars are checked and installed;
 * anything else, settings files included, is listed as refused. The high ranking puts this installer first.
 *
 * <p>FileInstall does not notice the folder itself going away (its scan of a missing folder reports no change),
 * nor files coming back unchanged with the folder; a check every second does: plugins of a vanished folder are
 * removed, and a folder that reappears is read again.
 *
 * <p>Delayed (not immediate): in headless mode FileInstall is absent and this class is never loaded.
 */
@Component(service = ArtifactInstaller.class, property = "service.ranking:Integer=10000",
        configurationPolicy = ConfigurationPolicy.IGNORE)
public final class PluginArtifactInstaller implements ArtifactInstaller {

    private final PluginManager plugins;
    private final ScheduledExecutorService folderCheck;
    private boolean folderPresent = true;

    @Activate
    public PluginArtifactInstaller(@Reference PluginManager plugins) {
        this.plugins = plugins;
        this.folderCheck = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "lucent-plugins-folder");
            t.setDaemon(true);
            return t;
        });
        folderCheck.scheduleWithFixedDelay(this::checkFolder, 1, 1, TimeUnit.SECONDS);
    }

    @Deactivate
    void deactivate() {
        folderCheck.shutdownNow();
    }

    private void checkFolder() {
        if (plugins.folder() == null) return;
        boolean present = Files.isDirectory(plugins.folder());
        try {
            if (!present) plugins.folderGone();
            else if (!folderPresent) plugins.folderBack(PluginArtifactInstaller::ignored);
        } catch (RuntimeException e) {
            System.err.println("lucent: checking the plugins folder " + plugins.folder() + " failed: " + e);
        }
        folderPresent = present;
    }

    @Override
    public boolean canHandle(File artifact) {
        return plugins.inFolder(artifact.toPath());
    }

    @Override
    public void install(File artifact) {
        if (ignored(artifact.getName())) return;
        plugins.deploy(artifact.toPath());
    }

    @Override
    public void update(File artifact) {
        if (ignored(artifact.getName())) return;
        plugins.deploy(artifact.toPath());
    }

    @Override
    public void uninstall(File artifact) {
        plugins.remove(artifact.toPath());
    }

    /** Hidden files and editors' temporary copies are claimed (so nothing else installs them) but not listed. */
    static boolean ignored(String n) {
        return n.startsWith(".") || n.endsWith("~") || n.endsWith(".tmp") || n.endsWith(".part");
    }
}
