package org.citadel.realmfs.core.modules;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.citadel.realmfs.api.InvalidRecipeException;
import org.citadel.realmfs.api.Module;
import org.citadel.realmfs.api.RealmfsBuild;
import org.citadel.realmfs.api.ShellModule;
import org.citadel.realmfs.core.rootfs.RootfsFiles;
import org.citadel.realmfs.core.sandbox.Mounts;

/**
 * Lays out what shell modules run with, under the chroot's {@code /tmp/realmfs-build} (a tmpfs, so
 * none of it reaches the image): the helper functions, the recipe's prelude, one file per shell
 * module, the recipe's files directories bind-mounted read-only and, searched last, the builder's
 * built-in files; and the environment that tells the helpers where all of it is, and how to name
 * each files directory in messages: by its host path, never by where it is mounted in the chroot.
 */
public final class ShellRuntime {
    public static final String RUNTIME_RESOURCE = "realmfs-runtime.sh";
    /** How messages name the built-in files, which have no host path. */
    static final String BUILTIN_FILES_SHOWN = "the builder's built-in files";

    private final String buildDir;
    private final Map<String, String> environment;

    private ShellRuntime(String buildDir, Map<String, String> environment) {
        this.buildDir = buildDir;
        this.environment = Map.copyOf(environment);
    }

    /**
     * Writes the runtime into {@code buildDir} inside the rootfs and mounts the files directories.
     *
     * @param buildDir the directory inside the rootfs, on its /tmp tmpfs
     */
    public static ShellRuntime install(RootfsFiles rootfs, String buildDir, RealmfsBuild recipe, String mirror, Mounts mounts) {
        rootfs.createDirectories(buildDir + "/modules", 0755);
        rootfs.write(buildDir + "/runtime.sh", runtimeScript().getBytes(StandardCharsets.UTF_8), 0644);
        rootfs.write(buildDir + "/prelude.sh", recipe.shellPrelude().getBytes(StandardCharsets.UTF_8), 0644);
        writeModules(rootfs, buildDir + "/modules", recipe);
        List<String> filesPath = new ArrayList<>();
        List<String> filesShown = new ArrayList<>();
        for (int i = 0; i < recipe.filesDirectories().size(); i++) {
            Path source = recipe.filesDirectories().get(i);
            if (!Files.isDirectory(source)) {
                throw new InvalidRecipeException("Files directory " + source + " does not exist");
            }
            String target = buildDir + "/files/" + i;
            rootfs.createDirectories(target, 0755);
            mounts.bind(source, rootfs.mountTarget(target), true);
            filesPath.add(target);
            filesShown.add(source.toAbsolutePath().normalize().toString());
        }
        BuiltinFiles.writeTo(rootfs, buildDir + "/files/builtin");
        filesPath.add(buildDir + "/files/builtin");
        filesShown.add(BUILTIN_FILES_SHOWN);
        Map<String, String> env = new LinkedHashMap<>(recipe.environment());
        env.put("REALMFS_BUILD_DIR", buildDir);
        env.put("REALMFS_FILES_PATH", String.join(":", filesPath));
        env.put("REALMFS_FILES_SHOWN", String.join("\n", filesShown));
        env.put("REALMFS_RELEASE", recipe.release());
        env.put("REALMFS_MIRROR", mirror);
        env.put("REALMFS_HOSTNAME", recipe.hostname().orElse(""));
        return new ShellRuntime(buildDir, env);
    }

    private static void writeModules(RootfsFiles rootfs, String dir, RealmfsBuild recipe) {
        Map<String, String> written = new HashMap<>();
        List<Module> all = new ArrayList<>(recipe.preInstallModules());
        all.addAll(recipe.postInstallModules());
        for (Module module : all) {
            if (module instanceof ShellModule shell) {
                String earlier = written.putIfAbsent(shell.name(), shell.script());
                if (earlier != null && !earlier.equals(shell.script())) {
                    throw new InvalidRecipeException("Two different shell modules are named '" + shell.name()
                            + "'; give them distinct names");
                }
                rootfs.write(dir + "/" + shell.name(), shell.script().getBytes(StandardCharsets.UTF_8), 0644);
            }
        }
    }

    public static String runtimeScript() {
        try (InputStream in = ShellRuntime.class.getResourceAsStream(RUNTIME_RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("Resource " + RUNTIME_RESOURCE + " is missing from realmfs-core");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * What a cache key must cover of the builder itself for shell modules: its helper functions and
     * its built-in files.
     */
    public static String identity() {
        return runtimeScript() + "\nbuilt-in files " + BuiltinFiles.digest();
    }

    /** The variables every shell of the build gets, on top of the default command environment. */
    public Map<String, String> environment() {
        return environment;
    }

    /** Bash code that loads the helpers and the prelude into a shell, with errexit on. */
    public String initScript() {
        return "set -e\n. " + buildDir + "/runtime.sh\n. " + buildDir + "/prelude.sh\n";
    }

    /** Bash code that runs one module file of this runtime in the current shell. */
    public String runModuleScript(String moduleName) {
        return "__realmfs_run_module " + ShellQuoting.quote(moduleName) + "\n";
    }

    public String buildDir() {
        return buildDir;
    }
}
