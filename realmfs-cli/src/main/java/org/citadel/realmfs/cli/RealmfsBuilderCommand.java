package org.citadel.realmfs.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.concurrent.Callable;
import org.citadel.realmfs.api.BuildCancellation;
import org.citadel.realmfs.api.BuildCancelledException;
import org.citadel.realmfs.api.BuildOptions;
import org.citadel.realmfs.api.BuildResult;
import org.citadel.realmfs.api.InvalidRecipeException;
import org.citadel.realmfs.api.Output;
import org.citadel.realmfs.api.RealmfsBuild;
import org.citadel.realmfs.api.RealmfsImageOutput;
import org.citadel.realmfs.core.host.HostRequirements;
import picocli.CommandLine;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code realmfs-builder}: the drop-in replacement of the original shell builder's command. Parses the
 * options, picks the recipe, asks for confirmation, runs the build and shows its progress; the building
 * itself is the engine's.
 */
@Command(
        name = RealmfsBuilderCommand.NAME,
        sortOptions = false,
        usageHelpAutoWidth = true,
        description = {
            "Builds a Citadel RealmFS base image: a Debian " + RealmfsBuild.DEFAULT_RELEASE
                    + " rootfs made by debootstrap, packages and modules installed in a chroot.",
            "",
            "With no config-file it uses ./build.conf, and without one it builds the default Citadel base"
                    + " image. With none of -t, -z, -i, -r the rootfs directory <directory>/rootfs is kept."
                    + " Needs root.",
            "",
            "Beside every output OUTPUT it writes OUTPUT.cdx.json, the image's SBOM (CycloneDX 1.6 JSON):"
                    + " every installed package with version, architecture, source package, purl and licenses,"
                    + " and the build's provenance (release, mirror, InRelease digest, modules, builder version).",
            ""},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {
            "0:built (or --new wrote the template)",
            "1:the build (of several: any of them) failed, or the answer to the confirmation was no",
            "2:bad options, a missing or invalid config file, no answer to the confirmation",
            "3:not root, or the host lacks something the build needs",
            "128+n:interrupted by signal n (130 SIGINT, 143 SIGTERM, 129 SIGHUP): the build stopped and cleaned up"})
public final class RealmfsBuilderCommand implements Callable<Integer> {
    static final String NAME = "realmfs-builder";
    static final String DEFAULT_WORK_DIRECTORY = "realmfs";

    @Parameters(arity = "0..*", paramLabel = "config-file",
            description = "The build.conf to build (default: ./build.conf if there is one, else the default"
                    + " image). With --new: where to write the template. Several config files build as one"
                    + " batch: each into <its directory>/" + DEFAULT_WORK_DIRECTORY + ", or <directory>/<name>"
                    + " with -d, where <name> is the file's name without .conf (its directory's name for a"
                    + " build.conf); all on one package cache and one layer cache.")
    private List<Path> configFiles = List.of();

    @Option(names = "-j", paramLabel = "<n>", description = "With several config files: build at most <n> at a"
            + " time (default: one per core, as far as half the memory holds 2 GiB per build).")
    private Integer jobs;

    @Option(names = "--report", paramLabel = "FILE", description = "With several config files: write the batch's"
            + " result as JSON to FILE (see README.md for its fields).")
    private Path reportFile;

    @Option(names = "--new", description = "Write a template build.conf (updated for "
            + RealmfsBuild.DEFAULT_RELEASE + ") to start from, and exit. Never overwrites a file.")
    private boolean writeTemplate;

    @Option(names = "-d", paramLabel = "<directory>",
            description = "Work and output directory: rootfs, package cache, build log, outputs"
                    + " (default: ./" + DEFAULT_WORK_DIRECTORY + "). With several config files: it holds the"
                    + " batch's package-cache and layer-cache, and each build's work directory <directory>/<name>.")
    private Path directory;

    @Option(names = "-t", description = "Write a tar archive of the rootfs: <directory>/" + OutputSelection.TAR_NAME)
    private boolean tar;

    @Option(names = "-z", description = "Write an xz-compressed tar archive of the rootfs: <directory>/"
            + OutputSelection.TAR_XZ_NAME)
    private boolean tarXz;

    @Option(names = "-i", description = "Write an ext4 image of the rootfs, as the original builder made it:"
            + " <directory>/" + OutputSelection.EXT4_NAME)
    private boolean ext4;

    @ArgGroup(exclusive = false, heading = "%nRealmFS image file, as Citadel installs it:%n")
    private RealmfsImageOptions realmfsImage;

    // Negatable: --no-self-hosting too. Null when neither is given: then the default image self-hosts.
    @Option(names = "--self-hosting", negatable = true,
            description = "Install realmfs-builder and what it needs to run (Java, debootstrap, ...) into the"
                    + " image, so it can build images from inside it. Default: on for the default image, off"
                    + " for a config file.")
    private Boolean selfHosting;

    @Option(names = "--no-tmpfs", description = "Build the rootfs on the work directory's disk, not on a tmpfs.")
    private boolean noTmpfs;

    @Option(names = "--no-layer-cache", description = "Build without the layer cache: neither restore nor store"
            + " the bootstrapped and the package-installed rootfs.")
    private boolean noLayerCache;

    @Option(names = "--clear-layer-cache", description = "Delete every cached layer before building.")
    private boolean clearLayerCache;

    @Option(names = "--layer-cache", paramLabel = "<directory>", description = "Keep the cached layers in"
            + " <directory>, which several work directories can share (default: <work directory>/layer-cache).")
    private Path layerCacheDirectory;

    @Option(names = "--layer-cache-size", paramLabel = "<size>", description = "The most the cached layers may take,"
            + " such as 8G or 500M; the least recently used go beyond it (default: 8G).")
    private String layerCacheSize;

    @Option(names = "--source-date-epoch", paramLabel = "<seconds>", description = "Date the image's files with"
            + " this time, in seconds since 1970, as reproducible builds do (default: the environment's"
            + " SOURCE_DATE_EPOCH, else the Date of the release's InRelease file): the same recipe, archive"
            + " state and epoch give the same bytes.")
    private String sourceDateEpoch;

    @Option(names = "--no-confirm", description = "Build without showing the parameters and asking first.")
    private boolean noConfirm;

    @Option(names = {"-v", "--verbose"}, description = "Show every line the build's commands print.")
    private boolean verbose;

    // Read by FailureReporter from the parse result: errors are reported outside call().
    @Option(names = FailureReporter.DEBUG_OPTION, description = "Show the stack trace of an error.")
    private boolean debug;

    // Handled by picocli, which prints the usage and returns 0 without calling call().
    @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help and exit.")
    private boolean help;

    private final CommandEnvironment environment;

    private RealmfsBuilderCommand(CommandEnvironment environment) {
        this.environment = environment;
    }

    public static void main(String[] args) {
        System.exit(execute(args, CommandEnvironment.system()));
    }

    /** Runs the command as its {@code main} does, on the given streams and host; returns the exit code. */
    public static int execute(String[] args, CommandEnvironment environment) {
        CommandLine commandLine = new CommandLine(new RealmfsBuilderCommand(environment))
                .setOut(environment.out())
                .setErr(environment.err())
                .setParameterExceptionHandler(new UsageErrorReporter())
                .setExecutionExceptionHandler(new FailureReporter());
        int exitCode = commandLine.execute(args);
        environment.out().flush();
        environment.err().flush();
        return exitCode;
    }

    @Override
    public Integer call() {
        Path currentDirectory = environment.host().currentDirectory();
        if (writeTemplate) {
            return writeTemplate(currentDirectory);
        }
        if (configFiles.size() > 1) {
            return buildBatch(currentDirectory);
        }
        if (jobs != null || reportFile != null) {
            throw new UsageException("-j and --report are for several config files; give at least two");
        }
        SelectedRecipe selected = new RecipeSelector(environment.recipes(), currentDirectory)
                .select(configFiles.stream().findFirst());
        Path workDirectory = currentDirectory.resolve(directoryOrDefault()).normalize();
        OutputSelection selection = new OutputSelection(tar, tarXz, ext4,
                Optional.ofNullable(realmfsImage).map(options -> options.settings(currentDirectory)));
        List<Output> outputs = selection.outputs(workDirectory);
        Optional<SelfHosting> installation = resolveSelfHosting(selected);
        requireRoot();
        BuildParameters parameters = new BuildParameters(selected, installation, workDirectory,
                buildOptions(outputs, currentDirectory).listener(new ProgressRenderer(environment.out(),
                        environment.err(), verbose, environment.host().isTerminal())).build());
        if (!noConfirm && !new ConfirmationPrompt(environment.in(), environment.out()).confirm(parameters)) {
            environment.out().println("Cancelled: nothing was built.");
            return ExitCodes.BUILD_FAILED;
        }
        BuildCancellation cancellation = new BuildCancellation();
        BuildOptions options = parameters.options().toBuilder().cancellation(cancellation).build();
        BuildResult result;
        try (InterruptSignals signals = InterruptSignals.cancelling(cancellation)) {
            try {
                result = environment.runner().run(parameters.recipe(), workDirectory, options);
            } catch (BuildCancelledException e) {
                // the progress already said "interrupted during ...: cleaning up"; it is done now
                if (signals.exitCode().isPresent()) {
                    return signals.exitCode().getAsInt();
                }
                throw e;
            }
        }
        environment.out().print(ResultSummary.describe(result));
        return ExitCodes.OK;
    }

    private Path directoryOrDefault() {
        return directory != null ? directory : Path.of(DEFAULT_WORK_DIRECTORY);
    }

    private int buildBatch(Path currentDirectory) {
        if (jobs != null && jobs < 1) {
            throw new UsageException("-j " + jobs + ": give at least 1 build at a time");
        }
        RecipeSelector selector = new RecipeSelector(environment.recipes(), currentDirectory);
        Path batchDirectory = currentDirectory.resolve(directoryOrDefault()).normalize();
        List<BatchCommand.Entry> entries = new ArrayList<>();
        for (Path configFile : configFiles) {
            SelectedRecipe selected = selector.select(Optional.of(configFile));
            Path config = selected.configFile().orElseThrow();
            String name = BatchEntryName.of(config);
            Path workDirectory = directory != null ? batchDirectory.resolve(name)
                    : config.getParent().resolve(DEFAULT_WORK_DIRECTORY);
            List<Output> outputs = new OutputSelection(tar, tarXz, ext4,
                    Optional.ofNullable(realmfsImage).map(options -> options.settings(currentDirectory)))
                    .outputs(workDirectory);
            entries.add(new BatchCommand.Entry(name, new BuildParameters(selected, resolveSelfHosting(selected),
                    workDirectory, buildOptions(outputs, currentDirectory).build())));
        }
        requireRoot();
        if (!noConfirm && !new ConfirmationPrompt(environment.in(), environment.out())
                .confirm(entries.stream().map(BatchCommand.Entry::parameters).toList())) {
            environment.out().println("Cancelled: nothing was built.");
            return ExitCodes.BUILD_FAILED;
        }
        Path layerCache = layerCacheDirectory != null ? currentDirectory.resolve(layerCacheDirectory).normalize()
                : batchDirectory.resolve("layer-cache");
        return new BatchCommand(environment, verbose).run(entries,
                jobs == null ? OptionalInt.empty() : OptionalInt.of(jobs),
                batchDirectory.resolve("package-cache"), layerCache,
                Optional.ofNullable(reportFile).map(file -> currentDirectory.resolve(file).normalize()));
    }

    private int writeTemplate(Path currentDirectory) {
        if (configFiles.size() > 1) {
            throw new UsageException("--new writes one template: give at most one file");
        }
        Optional<Path> configFile = configFiles.stream().findFirst();
        Path target = currentDirectory.resolve(configFile.orElse(Path.of(RecipeSelector.DEFAULT_CONFIG_NAME)))
                .normalize();
        new TemplateWriter(environment.recipes().templateText()).writeTo(target);
        environment.out().println("Wrote the template " + target + ". Edit it if you like, then build with: sudo "
                + NAME + configFile.map(file -> " " + file).orElse(""));
        return ExitCodes.OK;
    }

    /** As the original: the default image can always build images from inside; a config file's only if asked. */
    private Optional<SelfHosting> resolveSelfHosting(SelectedRecipe selected) {
        boolean wanted = selfHosting != null ? selfHosting : selected.isDefaultImage();
        return wanted ? Optional.of(SelfHosting.of(environment.builderJar().locate())) : Optional.empty();
    }

    private void requireRoot() {
        if (!environment.host().isRoot()) {
            throw HostRequirements.notRoot(NAME);
        }
    }

    private BuildOptions.Builder buildOptions(List<Output> outputs, Path currentDirectory) {
        BuildOptions.Builder options = BuildOptions.builder()
                .useTmpfs(!noTmpfs)
                .keepRootfs(outputs.isEmpty())
                .useLayerCache(!noLayerCache)
                .clearLayerCache(clearLayerCache)
                .layerCacheDirectory(layerCacheDirectory == null ? null
                        : currentDirectory.resolve(layerCacheDirectory).normalize());
        if (layerCacheSize != null) {
            options.layerCacheSizeLimit(bytes("--layer-cache-size", layerCacheSize));
        }
        if (sourceDateEpoch != null) {
            options.sourceDateEpoch(epochSeconds(sourceDateEpoch));
        }
        outputs.forEach(options::output);
        return options;
    }

    private static Instant epochSeconds(String seconds) {
        if (!seconds.matches("[0-9]{1,12}")) {
            throw new UsageException("--source-date-epoch '" + seconds + "' is not a number of seconds since"
                    + " 1970-01-01, such as 1735689600");
        }
        try {
            return BuildOptions.builder().sourceDateEpoch(Instant.ofEpochSecond(Long.parseLong(seconds))).build()
                    .sourceDateEpoch().orElseThrow();
        } catch (InvalidRecipeException e) {
            throw new UsageException("--source-date-epoch " + seconds + " is after 9999-12-31, the latest date"
                    + " a RealmFS image can carry");
        }
    }

    /** A size such as 8G, 500M, 1024K or a number of bytes. */
    private static long bytes(String option, String size) {
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("([0-9]{1,12})([KMG]?)").matcher(size.toUpperCase());
        if (!m.matches()) {
            throw new UsageException(option + " '" + size + "' is not a size such as 8G, 500M or 1024K");
        }
        int shift = switch (m.group(2)) {
            case "K" -> 10;
            case "M" -> 20;
            case "G" -> 30;
            default -> 0;
        };
        long bytes = Long.parseLong(m.group(1)) << shift;
        if (bytes < (1L << 20)) {
            throw new UsageException(option + " '" + size + "' is below the least allowed, 1M");
        }
        return bytes;
    }

    /** The {@code -r} option and the settings that only make sense with it. */
    static final class RealmfsImageOptions {
        @Option(names = {"-r", "--realmfs-image"}, required = true,
                description = "Write a RealmFS image file: <directory>/citadel-realmfs-<channel>-<NNN>.img")
        private boolean requested;

        @Option(names = "--name", paramLabel = "<name>", defaultValue = RealmfsImageSettings.DEFAULT_NAME,
                description = "The image's realmfs-name (default: ${DEFAULT-VALUE}, the image Citadel's realms use"
                        + " unless configured otherwise): " + RealmfsImageOutput.NAME_RULE + ".")
        private String name;

        @Option(names = "--channel", paramLabel = "<channel>", defaultValue = RealmfsImageSettings.DEFAULT_CHANNEL,
                description = "The image's update channel (default: ${DEFAULT-VALUE}).")
        private String channel;

        @Option(names = "--version", paramLabel = "<n>", defaultValue = "1",
                description = "The image version, NNN in the file name (default: ${DEFAULT-VALUE}).")
        private int version;

        @Option(names = "--sign-key", paramLabel = "FILE",
                description = "Sign with the ed25519 seed (64 hex digits) in FILE. Without it the dev channel"
                        + " is signed with Citadel's development key; any other channel needs FILE, and the build"
                        + " prints the os-release lines the Citadel host needs for its public key.")
        private Path signKey;

        @Option(names = "--no-compress", description = "Do not xz-compress the image data: the file is then"
                + " already in Citadel's installed layout.")
        private boolean noCompress;

        @Option(names = "--installed", description = "Write <directory>/<name>-realmfs.img instead, uncompressed in"
                + " Citadel's installed layout, ready to copy into /storage/realms/realmfs-images/: the fastest"
                + " loop for local testing, as nothing is compressed.")
        private boolean installed;

        @Option(names = "--xz-level", paramLabel = "<n>", defaultValue = "" + RealmfsImageOutput.DEFAULT_XZ_LEVEL,
                description = "The xz preset of the compressed image, 0 (fastest, largest) to 9 (default:"
                        + " ${DEFAULT-VALUE}, as Citadel's own tool). Only changed chunks are compressed again"
                        + " when the build has a layer cache; see docs/image-compression.md.")
        private int xzLevel;

        @Option(names = "--free-space", paramLabel = "<size>", description = "Free space in the image's ext4 beyond"
                + " the rootfs, such as 2G or 500M (default: 1G). A sealed image cannot be resized later.")
        private String freeSpace;

        RealmfsImageSettings settings(Path currentDirectory) {
            Optional<Path> keyFile = Optional.ofNullable(signKey).map(key -> currentDirectory.resolve(key).normalize());
            keyFile.filter(key -> !Files.isReadable(key)).ifPresent(key -> {
                throw new UsageException("Signing key file " + key + " does not exist or is not readable");
            });
            OptionalLong free = freeSpace == null ? OptionalLong.empty()
                    : OptionalLong.of(bytes("--free-space", freeSpace));
            return new RealmfsImageSettings(name, channel, version, keyFile, !noCompress, installed, free, xzLevel);
        }
    }
}
