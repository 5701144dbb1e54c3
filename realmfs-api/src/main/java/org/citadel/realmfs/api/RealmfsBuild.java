package org.citadel.realmfs.api;

import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.ServiceLoader;
import org.citadel.realmfs.api.spi.BuildEngine;
import org.citadel.realmfs.api.spi.ShellConfigLoader;

/**
 * An immutable RealmFS image recipe: which Debian release, which packages, which modules before and
 * after the package installation, which files to install. Made with {@link #builder()}; inspected with
 * {@link #plan()} without root or network; run with {@link #run(Path, BuildOptions)}.
 *
 * <pre>{@code
 * RealmfsBuild build = RealmfsBuild.builder()
 *     .packages("vim-tiny", "less")
 *     .preModule("set-motd", "echo hello > /etc/motd")
 *     .postModule("java-step", ctx -> ctx.writeFile("/etc/x.conf", "a=1\n", 0644))
 *     .installFile(Path.of("files/x.service"), "/usr/lib/systemd/system", 0644)
 *     .build();
 * BuildResult result = build.run(workDir, BuildOptions.defaults());
 * }</pre>
 *
 * <p>The builders of the API ({@link Builder}, {@link BuildOptions.Builder},
 * {@link RealmfsImageOutput.Builder}) name their verbs by one rule: a method named after one element
 * of a collection <em>adds</em> to it ({@code packages}, {@code preModule}, {@code postModule},
 * {@code installFile}, {@code filesDirectory}, {@code modulesDirectory}, {@code environment},
 * {@code shellFunction}, {@code output}, {@code listener}); a method that <em>replaces</em> a whole
 * collection starts with {@code set} ({@code setBasePackages}, {@code setBootstrapIncludes},
 * {@code setPreModules}, {@code setPostModules}); a method named after a single value
 * ({@code release}, {@code mirror}, {@code hostname}, {@code shellPrelude}, ...) replaces it, as a
 * single value can only be replaced. Accessors have the builder's names ({@link #preModules()} for
 * {@code preModule}). Paths inside the rootfs are {@link RootfsPath}s and modes {@link FileMode}s;
 * the overloads taking a {@code String} and an {@code int} check them at once.
 */
public final class RealmfsBuild {
    public static final String DEFAULT_RELEASE = "trixie";
    public static final String DEFAULT_VARIANT = "minbase";
    public static final List<String> DEFAULT_BOOTSTRAP_INCLUDES = List.of("systemd-sysv", "locales");

    private final String release;
    private final Optional<URI> mirror;
    private final Optional<String> architecture;
    private final String variant;
    private final List<String> bootstrapIncludes;
    private final List<String> basePackages;
    private final List<String> packages;
    private final List<Module> preModules;
    private final List<Module> postModules;
    private final List<Path> filesDirectories;
    private final List<Path> modulesDirectories;
    private final Optional<String> hostname;
    private final Map<String, String> environment;
    private final String shellPrelude;
    private final Map<String, String> shellFunctions;

    private RealmfsBuild(Builder b) {
        this.release = b.release;
        this.mirror = b.mirror;
        this.architecture = b.architecture;
        this.variant = b.variant;
        this.bootstrapIncludes = List.copyOf(b.bootstrapIncludes);
        this.basePackages = List.copyOf(b.basePackages);
        this.packages = List.copyOf(b.packages);
        this.preModules = List.copyOf(b.preModules);
        this.postModules = List.copyOf(b.postModules);
        this.filesDirectories = List.copyOf(b.filesDirectories);
        this.modulesDirectories = List.copyOf(b.modulesDirectories);
        this.hostname = b.hostname;
        this.environment = Collections.unmodifiableMap(new LinkedHashMap<>(b.environment));
        this.shellPrelude = b.shellPrelude;
        this.shellFunctions = Collections.unmodifiableMap(new LinkedHashMap<>(b.shellFunctions));
    }

    public static Builder builder() {
        return new Builder();
    }

    /** A builder holding everything of this recipe, to extend or change it. */
    public Builder toBuilder() {
        Builder b = new Builder();
        b.release = release;
        b.mirror = mirror;
        b.architecture = architecture;
        b.variant = variant;
        b.bootstrapIncludes.clear();
        b.bootstrapIncludes.addAll(bootstrapIncludes);
        b.basePackages.addAll(basePackages);
        b.packages.addAll(packages);
        b.preModules.addAll(preModules);
        b.postModules.addAll(postModules);
        b.filesDirectories.addAll(filesDirectories);
        b.modulesDirectories.addAll(modulesDirectories);
        b.hostname = hostname;
        b.environment.putAll(environment);
        b.shellPrelude = shellPrelude;
        b.shellFunctions.putAll(shellFunctions);
        return b;
    }

    public String release() {
        return release;
    }

    /** The Debian mirror, or empty to use the one the host's apt is configured with. */
    public Optional<URI> mirror() {
        return mirror;
    }

    /** The Debian architecture, or empty for the host's. */
    public Optional<String> architecture() {
        return architecture;
    }

    public String variant() {
        return variant;
    }

    public List<String> bootstrapIncludes() {
        return bootstrapIncludes;
    }

    public List<String> basePackages() {
        return basePackages;
    }

    public List<String> packages() {
        return packages;
    }

    /** Base and extra packages, without duplicates, in order. */
    public List<String> allPackages() {
        LinkedHashSet<String> all = new LinkedHashSet<>(basePackages);
        all.addAll(packages);
        return List.copyOf(all);
    }

    /** The modules run before the package installation ({@link Stage#PRE_INSTALL_MODULES}), in order. */
    public List<Module> preModules() {
        return preModules;
    }

    /**
     * The modules run after the package installation ({@link Stage#POST_INSTALL_MODULES}), in order,
     * the {@link Builder#installFile installFile} steps among them.
     */
    public List<Module> postModules() {
        return postModules;
    }

    /** Host directories {@code install_file} searches, in order, for files named relatively. */
    public List<Path> filesDirectories() {
        return filesDirectories;
    }

    /**
     * Host directories {@code module NAME} searches, in order, for a module file named NAME when no
     * shell function and no shell module of this recipe has that name; the builder's built-in
     * modules are searched after them (a build.conf's {@code realmfs-modules/}).
     */
    public List<Path> modulesDirectories() {
        return modulesDirectories;
    }

    public Optional<String> hostname() {
        return hostname;
    }

    /** Variables exported to every shell module, in the order they were set. */
    public Map<String, String> environment() {
        return environment;
    }

    /**
     * Bash code sourced at the start of the build's shell session, after the builder's helper
     * functions, so its functions and variables override them (what a build.conf defines).
     */
    public String shellPrelude() {
        return shellPrelude;
    }

    /**
     * Shell functions defined in the build's shell session right after the {@link #shellPrelude()},
     * by name, in the order they were added: each value is bash code defining that one function
     * (what {@code declare -f NAME} prints). Unlike a function written in the prelude, which is part
     * of the package layer's key like all the prelude, a function given here is part of it only when
     * the pre-install phase can call it (see docs/layer-cache.md), so changing a function only
     * post-install modules call reuses the package layer.
     */
    public Map<String, String> shellFunctions() {
        return shellFunctions;
    }

    /**
     * Loads a {@code build.conf} of the original shell builder (with the {@code realmfs-modules} and
     * {@code realmfs-files} directories beside it) as a recipe, which can then be extended with
     * {@link #toBuilder()}.
     */
    public static RealmfsBuild fromShellConfig(Path buildConf) {
        Objects.requireNonNull(buildConf, "buildConf");
        ShellConfigLoader loader = ServiceLoader.load(ShellConfigLoader.class).findFirst().orElseThrow(() ->
                new HostRequirementException("No build.conf loader on the class path: add realmfs-core"));
        return loader.load(buildConf);
    }

    /**
     * The resolved steps of this recipe, as the engine found on the class path (realmfs-core) will
     * take them; needs neither root nor network.
     *
     * @throws HostRequirementException when no engine is on the class path
     */
    public BuildPlan plan() {
        return engine().plan(this);
    }

    /**
     * Runs the build with the engine found on the class path (realmfs-core) and waits for it. Needs
     * root. It runs on the build's own thread, as after {@link #start}.
     *
     * @param workDirectory holds the rootfs, the package cache and the build log
     * @throws RealmfsException with a message that says what failed; nothing stays mounted
     */
    public BuildResult run(Path workDirectory, BuildOptions options) {
        Objects.requireNonNull(workDirectory, "workDirectory");
        Objects.requireNonNull(options, "options");
        return engine().run(this, workDirectory, options);
    }

    /**
     * Starts the build on a thread of its own and returns at once; see {@link BuildHandle} for the
     * result, cancelling and threads. {@code start(w, o).result().join()} is {@link #run}, except that
     * {@code run} throws the {@link RealmfsException} itself.
     *
     * @param workDirectory holds the rootfs, the package cache and the build log
     * @throws HostRequirementException when no engine is on the class path; every other failure,
     *     including a recipe or host that cannot build, fails the handle's result instead
     */
    public BuildHandle start(Path workDirectory, BuildOptions options) {
        Objects.requireNonNull(workDirectory, "workDirectory");
        Objects.requireNonNull(options, "options");
        return engine().start(this, workDirectory, options);
    }

    private static BuildEngine engine() {
        return ServiceLoader.load(BuildEngine.class).findFirst().orElseThrow(() ->
                new HostRequirementException("No build engine on the class path: add realmfs-core"));
    }

    /** A short summary of the recipe (the same with or without an engine on the class path); {@link #plan()} has the steps. */
    @Override
    public String toString() {
        return "RealmfsBuild[release " + release + ", variant " + variant + ", mirror "
                + mirror.map(URI::toString).orElse("of the host's apt") + ", packages " + allPackages()
                + ", pre-install modules " + preModules.stream().map(Module::name).toList()
                + ", post-install modules " + postModules.stream().map(Module::name).toList() + "]";
    }

    /**
     * Builds a {@link RealmfsBuild}. Every method validates its input at once; see the class
     * documentation for which methods add and which replace.
     */
    public static final class Builder {
        private String release = DEFAULT_RELEASE;
        private Optional<URI> mirror = Optional.empty();
        private Optional<String> architecture = Optional.empty();
        private String variant = DEFAULT_VARIANT;
        private final List<String> bootstrapIncludes = new ArrayList<>(DEFAULT_BOOTSTRAP_INCLUDES);
        private final List<String> basePackages = new ArrayList<>();
        private final List<String> packages = new ArrayList<>();
        private final List<Module> preModules = new ArrayList<>();
        private final List<Module> postModules = new ArrayList<>();
        private final List<Path> filesDirectories = new ArrayList<>();
        private final List<Path> modulesDirectories = new ArrayList<>();
        private Optional<String> hostname = Optional.empty();
        private final Map<String, String> environment = new LinkedHashMap<>();
        private String shellPrelude = "";
        private final Map<String, String> shellFunctions = new LinkedHashMap<>();

        private Builder() {
        }

        /** The Debian release (suite or code name); default {@value RealmfsBuild#DEFAULT_RELEASE}. */
        public Builder release(String release) {
            this.release = Names.requireRelease(release);
            return this;
        }

        /** The Debian mirror; default: the mirror the host's apt uses. */
        public Builder mirror(URI mirror) {
            if (mirror != null && (mirror.getScheme() == null
                    || !(mirror.getScheme().equals("http") || mirror.getScheme().equals("https")
                    || mirror.getScheme().equals("file")))) {
                throw new InvalidRecipeException("Mirror '" + mirror + "' must be an http, https or file URI");
            }
            this.mirror = Optional.ofNullable(mirror);
            return this;
        }

        public Builder architecture(String architecture) {
            if (architecture != null && !architecture.matches("[a-z0-9]+")) {
                throw new InvalidRecipeException("'" + architecture + "' is not a Debian architecture name");
            }
            this.architecture = Optional.ofNullable(architecture);
            return this;
        }

        /** The debootstrap variant; default {@value RealmfsBuild#DEFAULT_VARIANT}. */
        public Builder variant(String variant) {
            if (variant == null || !variant.matches("minbase|buildd|fakechroot|standard")) {
                throw new InvalidRecipeException("debootstrap variant '" + variant
                        + "' is not one of minbase, buildd, fakechroot, standard");
            }
            this.variant = variant;
            return this;
        }

        /** Replaces the packages debootstrap includes (default systemd-sysv and locales). */
        public Builder setBootstrapIncludes(Collection<String> names) {
            return replacePackages(bootstrapIncludes, names);
        }

        /** Replaces the base package set (default: none). */
        public Builder setBasePackages(Collection<String> names) {
            return replacePackages(basePackages, names);
        }

        public Builder setBasePackages(String... names) {
            return setBasePackages(List.of(names));
        }

        /** Adds packages to install on top of the base set. */
        public Builder packages(Collection<String> names) {
            names.forEach(n -> packages.add(Names.requirePackage(n)));
            return this;
        }

        public Builder packages(String... names) {
            return packages(List.of(names));
        }

        private Builder replacePackages(List<String> target, Collection<String> names) {
            List<String> checked = names.stream().map(Names::requirePackage).toList();
            target.clear();
            target.addAll(checked);
            return this;
        }

        /** Adds a module to run before the package installation, after those added so far. */
        public Builder preModule(Module module) {
            preModules.add(Objects.requireNonNull(module, "module"));
            return this;
        }

        public Builder preModule(String name, String shellScript) {
            return preModule(new ShellModule(name, shellScript));
        }

        public Builder preModule(String name, JavaStep step) {
            return preModule(new JavaModule(name, step));
        }

        /** Adds a module to run after the package installation, after those added so far. */
        public Builder postModule(Module module) {
            postModules.add(Objects.requireNonNull(module, "module"));
            return this;
        }

        public Builder postModule(String name, String shellScript) {
            return postModule(new ShellModule(name, shellScript));
        }

        public Builder postModule(String name, JavaStep step) {
            return postModule(new JavaModule(name, step));
        }

        /** Replaces the modules run before the package installation (all {@link #preModule} added so far). */
        public Builder setPreModules(Collection<? extends Module> modules) {
            return replace(preModules, modules);
        }

        /**
         * Replaces the modules run after the package installation (all {@link #postModule} and
         * {@link #installFile} added so far).
         */
        public Builder setPostModules(Collection<? extends Module> modules) {
            return replace(postModules, modules);
        }

        private Builder replace(List<Module> target, Collection<? extends Module> modules) {
            List<Module> checked = new ArrayList<>();
            modules.forEach(m -> checked.add(Objects.requireNonNull(m, "module")));
            target.clear();
            target.addAll(checked);
            return this;
        }

        /**
         * Adds the step that installs a host file as {@code targetDirectory/<file name>} with
         * {@code mode}, after the post-install modules added so far (it is a post-install step in
         * declaration order).
         */
        public Builder installFile(Path file, RootfsPath targetDirectory, FileMode mode) {
            return postModule(new InstallFileModule(file, targetDirectory, mode));
        }

        /** {@link #installFile(Path, RootfsPath, FileMode)} with the path and mode checked at once. */
        public Builder installFile(Path file, String targetDirectory, int mode) {
            return postModule(new InstallFileModule(file, targetDirectory, mode));
        }

        /** Adds a directory that {@code install_file} searches for files named relatively. */
        public Builder filesDirectory(Path directory) {
            filesDirectories.add(Objects.requireNonNull(directory, "directory").toAbsolutePath().normalize());
            return this;
        }

        /** Adds a directory that {@code module NAME} searches for module files (see {@link RealmfsBuild#modulesDirectories()}). */
        public Builder modulesDirectory(Path directory) {
            modulesDirectories.add(Objects.requireNonNull(directory, "directory").toAbsolutePath().normalize());
            return this;
        }

        public Builder hostname(String hostname) {
            if (hostname != null && !hostname.matches("[A-Za-z0-9]([A-Za-z0-9\\-]{0,61}[A-Za-z0-9])?")) {
                throw new InvalidRecipeException("'" + hostname + "' is not a valid host name");
            }
            this.hostname = Optional.ofNullable(hostname);
            return this;
        }

        /** Exports a variable to every shell module. */
        public Builder environment(String name, String value) {
            if (name == null || !name.matches("[A-Za-z_][A-Za-z0-9_]*")) {
                throw new InvalidRecipeException("'" + name + "' is not a shell variable name");
            }
            environment.put(name, Objects.requireNonNull(value, "value"));
            return this;
        }

        /** Sets the bash code sourced at the start of the shell session (see {@link RealmfsBuild#shellPrelude()}). */
        public Builder shellPrelude(String bash) {
            this.shellPrelude = Objects.requireNonNull(bash, "bash");
            return this;
        }

        /**
         * Adds the shell function {@code name}, or replaces the one of that name (see
         * {@link RealmfsBuild#shellFunctions()}).
         *
         * @param definition bash code defining the function {@code name} and nothing else
         */
        public Builder shellFunction(String name, String definition) {
            if (name == null || name.isEmpty() || !name.matches("[^\\s$'\"\\\\=()<>|&;`/]+")) {
                throw new InvalidRecipeException("'" + name + "' is not a shell function name");
            }
            shellFunctions.put(name, Objects.requireNonNull(definition, "definition"));
            return this;
        }

        public RealmfsBuild build() {
            return new RealmfsBuild(this);
        }
    }
}
