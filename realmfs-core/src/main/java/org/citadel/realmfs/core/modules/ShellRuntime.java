package org.citadel.realmfs.core.modules;

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
import org.citadel.realmfs.api.Stage;
import org.citadel.realmfs.core.io.ClasspathResource;
import org.citadel.realmfs.api.PlannedStep;
import org.citadel.realmfs.core.rootfs.RootfsFiles;
import org.citadel.realmfs.core.sandbox.Mounts;

/**
 * Lays out what shell modules run with, under the chroot's {@code /tmp/realmfs-build} (a tmpfs, so
 * none of it reaches the image): the helper functions, the recipe's prelude, one file per shell
 * module, the recipe's files directories and modules directories bind-mounted read-only and,
 * searched after each, the builder's built-in files and built-in modules; and the environment that
 * tells the helpers where all of it is, and how to name each directory in messages: by its host
 * path, never by where it is mounted in the chroot. Bind mounts, not copies: the engine itself never
 * follows a symbolic link in them, and inside the chroot a link can only lead to the image's files.
 */
public final class ShellRuntime {
    public static final String RUNTIME_RESOURCE = "realmfs-runtime.sh";
    /** How messages name the built-in files, which have no host path. */
    static final String BUILTIN_FILES_SHOWN = "the builder's built-in files";
    /** How messages name the built-in modules, which have no host path. */
    static final String BUILTIN_MODULES_SHOWN = "the builder's built-in modules";
    /** Where the modules directories are mounted, under the build directory. */
    static final String MODULE_PATH = "/module-path/";
    static final String FILES_PATH = "/files/";

    private final String buildDir;
    private final Map<String, String> environment;

    private ShellRuntime(String buildDir, Map<String, String> environment) {
        this.buildDir = buildDir;
        this.environment = Map.copyOf(environment);
    }

    /**
     * Writes the runtime and the built-in files and modules into {@code buildDir} inside the rootfs
     * and mounts the files and modules directories (read-only). The recipe's shell modules are written
     * phase by phase ({@link #writeModules}).
     *
     * @param buildDir the directory inside the rootfs, on its /tmp tmpfs
     */
    public static ShellRuntime install(RootfsFiles rootfs, String buildDir, RealmfsBuild recipe, String mirror, Mounts mounts) {
        rootfs.createDirectories(buildDir + "/modules", 0755);
        rootfs.write(buildDir + "/runtime.sh", runtimeScript().getBytes(StandardCharsets.UTF_8), 0644);
        rootfs.write(buildDir + "/prelude.sh", preludeText(recipe).getBytes(StandardCharsets.UTF_8), 0644);
        requireDistinctModuleNames(recipe);
        SearchPath files = SearchPath.mount(rootfs, mounts, "Files directory", recipe.filesDirectories(), buildDir + FILES_PATH);
        BuiltinFiles.writeTo(rootfs, buildDir + FILES_PATH + "builtin");
        files = files.then(buildDir + FILES_PATH + "builtin", BUILTIN_FILES_SHOWN);
        SearchPath modules = SearchPath.mount(rootfs, mounts, "Modules directory", recipe.modulesDirectories(),
                buildDir + MODULE_PATH);
        BuiltinModules.writeTo(rootfs, buildDir + MODULE_PATH + "builtin");
        modules = modules.then(buildDir + MODULE_PATH + "builtin", BUILTIN_MODULES_SHOWN);
        Map<String, String> env = new LinkedHashMap<>(recipe.environment());
        env.put("REALMFS_BUILD_DIR", buildDir);
        env.put("REALMFS_FILES_PATH", files.inChroot());
        env.put("REALMFS_FILES_SHOWN", files.shown());
        env.put("REALMFS_MODULES_PATH", modules.inChroot());
        env.put("REALMFS_MODULES_SHOWN", modules.shown());
        env.put("REALMFS_RELEASE", recipe.release());
        env.put("REALMFS_MIRROR", mirror);
        env.put("REALMFS_HOSTNAME", recipe.hostname().orElse(""));
        return new ShellRuntime(buildDir, env);
    }

    /** What {@link #install} does, for a plan: the files it writes and the directories it mounts, in its order. */
    public static List<PlannedStep> plan(RealmfsBuild recipe, String buildDir) {
        List<PlannedStep> steps = new ArrayList<>();
        steps.add(PlannedStep.of(Stage.PREPARE_CHROOT, PlannedStep.Action.WRITE_FILES, List.of(buildDir + "/runtime.sh",
                buildDir + "/prelude.sh", buildDir + FILES_PATH + "builtin", buildDir + MODULE_PATH + "builtin"),
                "write the shell runtime: the builder's helpers, the recipe's prelude and shell functions, the"
                        + " built-in files and modules"));
        searchPath(steps, "files", recipe.filesDirectories(), buildDir + FILES_PATH, "install_file");
        searchPath(steps, "modules", recipe.modulesDirectories(), buildDir + MODULE_PATH, "module NAME");
        return steps;
    }

    private static void searchPath(List<PlannedStep> steps, String kind, List<Path> sources, String targetPrefix,
                                   String helper) {
        if (sources.isEmpty()) {
            return;
        }
        List<String> targets = new ArrayList<>();
        for (int i = 0; i < sources.size(); i++) {
            targets.add(targetPrefix + i);
        }
        steps.add(PlannedStep.of(Stage.PREPARE_CHROOT, PlannedStep.Action.MOUNT, targets, "mount the " + kind
                + " directories " + sources.stream().map(Path::toString).toList() + " read-only, in order ("
                + helper + " searches them, then the builder's built-in " + kind + ")"));
    }

    private static void requireDistinctModuleNames(RealmfsBuild recipe) {
        Map<String, String> scripts = new HashMap<>();
        List<Module> all = new ArrayList<>(recipe.preModules());
        all.addAll(recipe.postModules());
        for (Module module : all) {
            if (module instanceof ShellModule shell) {
                String earlier = scripts.putIfAbsent(shell.name(), shell.script());
                if (earlier != null && !earlier.equals(shell.script())) {
                    throw new InvalidRecipeException("Two different shell modules are named '" + shell.name()
                            + "'; give them distinct names");
                }
            }
        }
    }

    /**
     * Writes the shell modules {@code module NAME} can find by name when {@code stage} starts: the
     * pre-install modules, and for the post-install phase the post-install modules too. A
     * post-install module's file is not there while the pre-install modules run, so they cannot
     * reach what the package layer's key does not cover; the pre-install modules' files are there
     * in the post-install phase even when a restored package layer skipped them, as in a cold build.
     */
    public void writeModules(RootfsFiles rootfs, RealmfsBuild recipe, Stage stage) {
        List<Module> modules = new ArrayList<>(recipe.preModules());
        if (stage == Stage.POST_INSTALL_MODULES) {
            modules.addAll(recipe.postModules());
        }
        for (Module module : modules) {
            if (module instanceof ShellModule shell) {
                rootfs.write(buildDir + "/modules/" + shell.name(), shell.script().getBytes(StandardCharsets.UTF_8), 0644);
            }
        }
    }

    /** What the build's shell sources after the helpers: the recipe's prelude, then its shell functions. */
    public static String preludeText(RealmfsBuild recipe) {
        StringBuilder text = new StringBuilder(recipe.shellPrelude());
        for (String definition : recipe.shellFunctions().values()) {
            if (!text.isEmpty() && text.charAt(text.length() - 1) != '\n') {
                text.append('\n');
            }
            text.append(definition);
        }
        return text.toString();
    }

    public static String runtimeScript() {
        return ClasspathResource.text(ShellRuntime.class, RUNTIME_RESOURCE);
    }

    /**
     * What a cache key must cover of the builder itself for shell modules: its helper functions, its
     * built-in files and its built-in modules (any of which {@code module NAME} can run).
     */
    public static String identity() {
        return runtimeScript() + "\nbuilt-in files " + BuiltinFiles.digest()
                + "\nbuilt-in modules " + BuiltinModules.digest();
    }

    /** The builder's own shell code: its helper functions and every built-in module's script. */
    public static String code() {
        StringBuilder code = new StringBuilder(runtimeScript());
        for (String name : BuiltinModules.names()) {
            code.append('\n').append(BuiltinModules.script(name).orElseThrow());
        }
        return code.toString();
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

    /**
     * Directories a helper searches in order: where they are in the chroot, colon-separated, and how
     * messages name them, one a line.
     */
    private record SearchPath(List<String> directories, List<String> shownAs) {
        /** Mounts each host directory read-only at {@code targetPrefix + index} in the rootfs. */
        static SearchPath mount(RootfsFiles rootfs, Mounts mounts, String kind, List<Path> sources, String targetPrefix) {
            List<String> directories = new ArrayList<>();
            List<String> shown = new ArrayList<>();
            for (int i = 0; i < sources.size(); i++) {
                Path source = sources.get(i);
                if (!Files.isDirectory(source)) {
                    throw new InvalidRecipeException(kind + " " + source + " does not exist");
                }
                String target = targetPrefix + i;
                rootfs.createDirectories(target, 0755);
                mounts.bind(source, rootfs.mountTarget(target), true);
                directories.add(target);
                shown.add(source.toAbsolutePath().normalize().toString());
            }
            return new SearchPath(directories, shown);
        }

        SearchPath then(String directory, String shown) {
            List<String> directories = new ArrayList<>(this.directories);
            directories.add(directory);
            List<String> shownAs = new ArrayList<>(this.shownAs);
            shownAs.add(shown);
            return new SearchPath(List.copyOf(directories), List.copyOf(shownAs));
        }

        String inChroot() {
            return String.join(":", directories);
        }

        String shown() {
            return String.join("\n", shownAs);
        }
    }
}
