package org.citadel.realmfs.core.cache;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.citadel.realmfs.api.InstallFileModule;
import org.citadel.realmfs.api.Module;
import org.citadel.realmfs.api.RealmfsBuild;
import org.citadel.realmfs.api.ShellModule;
import org.citadel.realmfs.core.io.Sha256;

/**
 * Computes the keys of a recipe's layers from everything that can change their content.
 *
 * <p>The bootstrap layer: release, mirror, architecture, variant, included packages, the archive's
 * state (its InRelease digest) and the debootstrap that runs. The package layer adds the package
 * list (sorted: apt installs a set), every pre-install module's cache key in order, and, when a
 * pre-install module runs code (a shell or Java module), what that code can see: the environment,
 * the host name, the shell prelude, those of the recipe's shell functions the pre-install phase can
 * call ({@link ShellFunctionReach}), the builder's shell helpers (with its built-in modules), the
 * files directories' content and, for shell modules, every file of the modules directories.
 * A pre-install Java module without an explicit cache key ends the chain: no package layer.
 */
public final class LayerKeys {
    /** Changes whenever the layout of layers or the meaning of a key line changes. */
    static final int FORMAT = 3;

    private final URI mirror;
    private final String inReleaseSha256;
    private final String debootstrapIdentity;
    private final String shellHelpers;
    private final String shellCode;

    /**
     * @param mirror the resolved mirror the build uses
     * @param inReleaseSha256 the digest of the release's InRelease file, fetched for this build
     * @param debootstrapIdentity what identifies the debootstrap that runs (its version or digest)
     * @param shellHelpers the builder's own part of every shell module: its helper functions and built-in files
     * @param shellCode the builder's own shell code (its helpers and built-in modules), searched for
     *        the names of the recipe's shell functions
     */
    public LayerKeys(URI mirror, String inReleaseSha256, String debootstrapIdentity, String shellHelpers,
            String shellCode) {
        this.mirror = mirror;
        this.inReleaseSha256 = inReleaseSha256;
        this.debootstrapIdentity = debootstrapIdentity;
        this.shellHelpers = shellHelpers;
        this.shellCode = shellCode;
    }

    public LayerChain chain(RealmfsBuild recipe) {
        LayerKey bootstrap = bootstrapKey(recipe);
        Optional<String> uncachable = recipe.preModules().stream()
                .filter(m -> m.cacheKey().isEmpty())
                .findFirst()
                .map(m -> "the pre-install module " + m.name()
                        + " is a Java module without a cache key, so the package layer is not cached");
        if (uncachable.isPresent()) {
            return new LayerChain(List.of(bootstrap), uncachable);
        }
        return new LayerChain(List.of(bootstrap, bootstrap.extendedTo(LayerKind.PACKAGES, packageLines(recipe))),
                Optional.empty());
    }

    private LayerKey bootstrapKey(RealmfsBuild recipe) {
        return new LayerKey(LayerKind.BOOTSTRAP, List.of(
                "layer format: " + FORMAT,
                "release: " + recipe.release(),
                "mirror: " + mirror,
                "architecture: " + recipe.architecture().orElse("host " + System.getProperty("os.arch")),
                "variant: " + recipe.variant(),
                "bootstrap includes: " + String.join(" ", recipe.bootstrapIncludes()),
                "InRelease sha256: " + inReleaseSha256,
                "debootstrap: " + debootstrapIdentity));
    }

    private List<String> packageLines(RealmfsBuild recipe) {
        List<String> lines = new ArrayList<>();
        lines.add("packages: " + String.join(" ", recipe.allPackages().stream().sorted().toList()));
        List<Module> modules = recipe.preModules();
        for (int i = 0; i < modules.size(); i++) {
            Module module = modules.get(i);
            lines.add("pre-install module " + (i + 1) + " " + module.name() + ": sha256 "
                    + Sha256.hex(module.cacheKey().orElseThrow()));
        }
        if (modules.stream().anyMatch(m -> !(m instanceof InstallFileModule))) {
            lines.addAll(whatModuleCodeSees(recipe, modules.stream().anyMatch(m -> m instanceof ShellModule)));
        }
        return lines;
    }

    /**
     * The recipe's shell functions the pre-install phase can call ({@link ShellFunctionReach}): one
     * line each; all of them when a dynamic call is found, on a line that says so.
     */
    private List<String> shellFunctionLines(RealmfsBuild recipe) {
        if (recipe.shellFunctions().isEmpty()) {
            return List.of();
        }
        ShellFunctionReach.Reach reach = ShellFunctionReach.of(recipe, shellCode);
        List<String> lines = new ArrayList<>();
        reach.dynamicCall().ifPresent(call -> lines.add("shell functions: all (the pre-install phase calls"
                + " commands by computed names: " + call + ")"));
        for (String name : reach.functions()) {
            lines.add("shell function " + name + ": sha256 " + Sha256.hex(recipe.shellFunctions().get(name)));
        }
        return lines;
    }

    private List<String> whatModuleCodeSees(RealmfsBuild recipe, boolean shellSession) {
        List<String> lines = new ArrayList<>();
        for (Map.Entry<String, String> variable : recipe.environment().entrySet()) {
            lines.add("environment " + variable.getKey() + ": sha256 " + Sha256.hex(variable.getValue()));
        }
        lines.add("hostname: " + recipe.hostname().orElse("(none)"));
        if (shellSession) {
            lines.add("shell prelude: sha256 " + Sha256.hex(recipe.shellPrelude()));
            lines.addAll(shellFunctionLines(recipe));
            lines.add("shell helpers: sha256 " + Sha256.hex(shellHelpers));
            // Every file of them, not only the modules the lists name: module NAME can run any.
            lines.addAll(FilesDirectoryLines.of("modules directory", recipe.modulesDirectories()));
        }
        lines.addAll(FilesDirectoryLines.of(recipe.filesDirectories()));
        return lines;
    }
}
