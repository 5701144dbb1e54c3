package org.citadel.realmfs.core.compat;

import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.citadel.realmfs.api.InvalidRecipeException;
import org.citadel.realmfs.api.RealmfsBuild;
import org.citadel.realmfs.api.ShellModule;
import org.citadel.realmfs.api.spi.ShellConfigLoader;
import org.citadel.realmfs.core.io.ClasspathResource;
import org.citadel.realmfs.core.process.Spawner;

/**
 * Loads a {@code build.conf} of the original realmfs-builder as a {@link RealmfsBuild}, with the
 * meaning its manual gives it:
 * <ul>
 * <li>PACKAGES, PRE_INSTALL_MODULES and POST_INSTALL_MODULES append to the base lists
 *     ({@link BaseImage}); BASE_PACKAGES, BASE_PRE_INSTALL_MODULES and BASE_POST_INSTALL_MODULES
 *     replace them; DEBIAN_RELEASE, DEBIAN_MIRROR and REALMFS_HOSTNAME set the release, the mirror
 *     (default: the host's) and the host name.</li>
 * <li>A module is a function of the config, else a file in {@code realmfs-modules/} beside the
 *     config, else a built-in module: for the names in the module lists and, inside the build, for
 *     {@code module NAME} with any name.</li>
 * <li>{@code install_file} looks in {@code realmfs-files/} beside the config, then among the built-in
 *     files.</li>
 * <li>The config's functions and variables are sourced into the build's shell after the builder's
 *     helpers, so they override them.</li>
 * </ul>
 * The config is evaluated by bash on the host (its top-level code runs there, as the user loading
 * it): load only configs you trust, as you would run them.
 */
public final class ShellConfig implements ShellConfigLoader {
    private static final String TEMPLATE = "build-template.conf";

    /** Empty for the loader the ServiceLoader makes, which opens a host spawner for each load and closes it. */
    private final Optional<Spawner> spawner;

    /** The loader {@link RealmfsBuild#fromShellConfig} finds; keeps built-in files in the user's cache. */
    public ShellConfig() {
        this.spawner = Optional.empty();
    }

    /** A loader evaluating configs with {@code spawner}, which stays the caller's to close. */
    ShellConfig(Spawner spawner) {
        this.spawner = Optional.of(spawner);
    }

    /**
     * @throws InvalidRecipeException naming the file (and the line, where bash gives one) when the
     *         config is missing, is not valid bash, fails while loaded, names an unknown or unreadable
     *         module, or sets an invalid value
     */
    @Override
    public RealmfsBuild load(Path buildConf) {
        if (spawner.isPresent()) {
            return load(buildConf, spawner.get());
        }
        try (Spawner host = Spawner.host()) {
            return load(buildConf, host);
        }
    }

    private RealmfsBuild load(Path buildConf, Spawner bash) {
        Path config = buildConf.toAbsolutePath().normalize();
        requireReadableFile(config);
        EvaluatedConfig evaluated = new ConfigEvaluator(bash).evaluate(config);
        ModuleResolver modules = ModuleResolver.forConfig(config, evaluated.functions());
        List<ShellModule> pre = resolve(modules, evaluated, "BASE_PRE_INSTALL_MODULES", "PRE_INSTALL_MODULES");
        List<ShellModule> post = resolve(modules, evaluated, "BASE_POST_INSTALL_MODULES", "POST_INSTALL_MODULES");
        try {
            RealmfsBuild.Builder recipe = RealmfsBuild.builder()
                    .setBasePackages(evaluated.words("BASE_PACKAGES"))
                    .packages(evaluated.words("PACKAGES"))
                    .setPreModules(pre)
                    .setPostModules(post)
                    .shellPrelude(evaluated.variables());
            // Given one by one, so the package layer's key covers only those pre-install code can call.
            evaluated.definitions().forEach(recipe::shellFunction);
            evaluated.value("DEBIAN_RELEASE").ifPresent(recipe::release);
            evaluated.value("DEBIAN_MIRROR").ifPresent(mirror -> recipe.mirror(uri(mirror)));
            evaluated.value("REALMFS_HOSTNAME").ifPresent(recipe::hostname);
            Path files = config.getParent().resolve("realmfs-files");
            if (Files.isDirectory(files)) {
                recipe.filesDirectory(files);
            }
            Path modulesDirectory = config.getParent().resolve("realmfs-modules");
            if (Files.isDirectory(modulesDirectory)) {
                recipe.modulesDirectory(modulesDirectory);
            }
            return recipe.build();
        } catch (InvalidRecipeException e) {
            throw new InvalidRecipeException(config + ": " + e.getMessage(), e);
        }
    }

    /**
     * The default Citadel base image, built when there is no build.conf: the base packages and modules
     * plus {@link BaseImage#BASIC_IMAGE_PACKAGES}.
     */
    public static RealmfsBuild defaultImage() {
        ModuleResolver builtins = ModuleResolver.builtinOnly();
        return RealmfsBuild.builder()
                .setBasePackages(BaseImage.BASE_PACKAGES)
                .packages(BaseImage.BASIC_IMAGE_PACKAGES)
                .setPreModules(builtins.resolve(BaseImage.BASE_PRE_INSTALL_MODULES, "BASE_PRE_INSTALL_MODULES"))
                .setPostModules(builtins.resolve(BaseImage.BASE_POST_INSTALL_MODULES, "BASE_POST_INSTALL_MODULES"))
                .build();
    }

    /** The commented build.conf that {@code realmfs-builder --new} writes. */
    public static String templateText() {
        return ClasspathResource.text(ShellConfig.class, TEMPLATE);
    }

    private static void requireReadableFile(Path config) {
        if (!Files.exists(config)) {
            throw new InvalidRecipeException("The build configuration " + config + " does not exist;"
                    + " give the path of a build.conf, or write a template with realmfs-builder --new");
        }
        if (!Files.isRegularFile(config) || !Files.isReadable(config)) {
            throw new InvalidRecipeException("The build configuration " + config
                    + " is not a readable regular file");
        }
    }

    /** The base list's modules, then the modules the config adds, as stage-two.sh concatenated them. */
    private static List<ShellModule> resolve(ModuleResolver modules, EvaluatedConfig evaluated, String base, String extra) {
        List<ShellModule> resolved = new ArrayList<>(modules.resolve(evaluated.words(base), base));
        resolved.addAll(modules.resolve(evaluated.words(extra), extra));
        return resolved;
    }

    private static URI uri(String mirror) {
        try {
            return new URI(mirror);
        } catch (URISyntaxException e) {
            throw new InvalidRecipeException("DEBIAN_MIRROR '" + mirror + "' is not a URI: " + e.getReason(), e);
        }
    }
}
