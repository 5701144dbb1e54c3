package org.citadel.realmfs.cli;

import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import org.citadel.realmfs.api.FileMode;
import org.citadel.realmfs.api.InstallFileModule;
import org.citadel.realmfs.api.RealmfsBuild;
import org.citadel.realmfs.api.RootfsPath;
import org.citadel.realmfs.api.ShellModule;
import org.citadel.realmfs.core.io.ClasspathResource;

/**
 * Makes a recipe self-hosting, as the original builder's images were: the image gets
 * {@code realmfs-builder} installed as {@code install.sh} installs it (the jar and the launcher in
 * {@value #SHARE_DIRECTORY}, a symlink in {@code /usr/local/bin}) and the packages it needs to run.
 * The steps come after the recipe's own post-install modules.
 */
final class SelfHosting {
    /**
     * What the builder needs at run time: a Java runtime (the jar needs 17 or later, which
     * default-jre-headless is from bookworm on), the tools it runs, and the certificates debootstrap
     * needs for an https mirror.
     */
    static final List<String> RUNTIME_PACKAGES = List.of(
            "default-jre-headless", "debootstrap", "e2fsprogs", "xz-utils", "util-linux", "bash", "ca-certificates");
    static final String SHARE_DIRECTORY = "/usr/share/realmfs-builder";
    static final String JAR_NAME = "realmfs-builder.jar";
    static final String JAR_PATH = SHARE_DIRECTORY + "/" + JAR_NAME;
    static final String LAUNCHER_PATH = SHARE_DIRECTORY + "/realmfs-builder";
    static final String COMMAND_PATH = "/usr/local/bin/realmfs-builder";
    static final String LAUNCHER_MODULE = "install-realmfs-builder-launcher";
    /** The launcher script shipped in the jar; src/main/dist/realmfs-builder links to the same file. */
    static final String LAUNCHER_RESOURCE = "realmfs-builder";
    private static final FileMode JAR_MODE = FileMode.of(0644);
    private static final String HEREDOC_END = "REALMFS_BUILDER_LAUNCHER_END";

    private final Path jar;
    private final String launcherScript;

    /**
     * @param jar the realmfs-builder jar to install; it keeps its file name in the image, so it must be
     *            named {@value #JAR_NAME}, as the launcher expects
     * @throws UsageException when the jar has another name
     */
    SelfHosting(Path jar, String launcherScript) {
        Objects.requireNonNull(jar, "jar");
        Objects.requireNonNull(launcherScript, "launcherScript");
        if (!jar.getFileName().toString().equals(JAR_NAME)) {
            throw new UsageException("Self-hosting installs " + jar + " into the image as " + JAR_PATH
                    + ", where the launcher looks for it, so it must be named " + JAR_NAME + ". Rename it (or"
                    + " install it with install.sh), or build with --no-self-hosting.");
        }
        if (launcherScript.lines().anyMatch(HEREDOC_END::equals)) {
            throw new IllegalArgumentException("The launcher script holds the line " + HEREDOC_END
                    + ", which ends the here-document that writes it");
        }
        this.jar = jar;
        this.launcherScript = launcherScript;
    }

    /** Installs {@code jar} with the launcher this jar ships. */
    static SelfHosting of(Path jar) {
        return new SelfHosting(jar, launcherFromClassPath());
    }

    /** The recipe with the runtime packages and, after its own post-install modules, the builder. */
    RealmfsBuild addTo(RealmfsBuild recipe) {
        return recipe.toBuilder()
                .packages(RUNTIME_PACKAGES)
                .installFile(jar, RootfsPath.of(SHARE_DIRECTORY), JAR_MODE)
                .postModule(new ShellModule(LAUNCHER_MODULE, launcherModuleScript()))
                .build();
    }

    /** For the confirmation: what self-hosting puts in the image. */
    String describe() {
        return "installs " + jar + " as " + COMMAND_PATH;
    }

    private String launcherModuleScript() {
        String script = launcherScript.endsWith("\n") ? launcherScript : launcherScript + "\n";
        return "install -d -m 0755 " + SHARE_DIRECTORY + " /usr/local/bin\n"
                + "cat > " + LAUNCHER_PATH + " <<'" + HEREDOC_END + "'\n"
                + script
                + HEREDOC_END + "\n"
                + "chmod 0755 " + LAUNCHER_PATH + "\n"
                + "ln -sfn " + LAUNCHER_PATH + " " + COMMAND_PATH + "\n"
                + "# The image promises a builder that runs: fail the build now if it does not start.\n"
                + COMMAND_PATH + " --help > /dev/null\n";
    }

    private static String launcherFromClassPath() {
        return ClasspathResource.text(SelfHosting.class, LAUNCHER_RESOURCE);
    }
}
