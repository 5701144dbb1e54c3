package org.citadel.realmfs.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.citadel.realmfs.api.BuildEvent;
import org.citadel.realmfs.api.BuildFailedException;
import org.citadel.realmfs.api.BuildOptions;
import org.citadel.realmfs.api.HostRequirementException;
import org.citadel.realmfs.api.InvalidRecipeException;
import org.citadel.realmfs.api.ModuleFailedException;
import org.citadel.realmfs.api.Ext4Output;
import org.citadel.realmfs.api.Output;
import org.citadel.realmfs.api.RealmfsImageOutput;
import org.citadel.realmfs.api.RealmfsBuild;
import org.citadel.realmfs.api.Stage;
import org.citadel.realmfs.api.TarOutput;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class RealmfsBuilderCommandTest {
    private static final RealmfsBuild CONFIGURED = RealmfsBuild.builder()
            .release("bookworm")
            .packages("vim-tiny", "less")
            .preModule("set-motd", "echo hi > /etc/motd")
            .postModule("clean-docs", "rm -rf /usr/share/doc")
            .build();

    @TempDir
    Path cwd;
    CommandHarness command;

    @BeforeEach
    void setUp() {
        command = new CommandHarness(cwd);
    }

    private Path file(String name, String content) throws IOException {
        Path file = cwd.resolve(name);
        Files.createDirectories(file.getParent());
        return Files.writeString(file, content);
    }

    @Nested
    class WhichRecipeIsBuilt {

        @Test
        void withoutAConfigFileOrBuildConfItBuildsTheDefaultCitadelImage() {
            var result = command.run("--no-confirm", "--no-self-hosting");

            assertThat(result.exitCode()).isZero();
            assertThat(command.loadedConfigs).isEmpty();
            assertThat(command.onlyBuild().recipe()).isSameAs(CommandHarness.DEFAULT_IMAGE);
        }

        @Test
        void withoutAConfigFileItLoadsBuildConfOfTheCurrentDirectory() throws IOException {
            Path buildConf = file("build.conf", "PACKAGES=less\n");
            command.config(buildConf, CONFIGURED);

            var result = command.run("--no-confirm");

            assertThat(result.exitCode()).isZero();
            assertThat(command.loadedConfigs).containsExactly(buildConf);
            assertThat(command.onlyBuild().recipe()).isSameAs(CONFIGURED);
        }

        @Test
        void aConfigFileArgumentIsResolvedAgainstTheCurrentDirectory() throws IOException {
            file("build.conf", "# not this one\n");
            Path named = file("images/dev.conf", "PACKAGES=less\n");
            command.config(named, CONFIGURED);

            var result = command.run("--no-confirm", "images/dev.conf");

            assertThat(result.exitCode()).isZero();
            assertThat(command.loadedConfigs).containsExactly(named);
            assertThat(command.onlyBuild().recipe()).isSameAs(CONFIGURED);
        }

        @Test
        void anAbsoluteConfigFileIsLoadedAsGiven(@TempDir Path elsewhere) throws IOException {
            Path named = Files.writeString(elsewhere.resolve("other.conf"), "PACKAGES=less\n");
            command.config(named, CONFIGURED);

            assertThat(command.run("--no-confirm", named.toString()).exitCode()).isZero();

            assertThat(command.loadedConfigs).containsExactly(named);
        }

        @Test
        void aMissingConfigFileIsAUsageErrorThatNamesTheFile() {
            var result = command.run("--no-confirm", "missing.conf");

            assertThat(result.exitCode()).isEqualTo(2);
            assertThat(result.err()).isEqualTo("realmfs-builder: Config file " + cwd.resolve("missing.conf")
                    + " does not exist. Write one with 'realmfs-builder --new missing.conf', or give no config"
                    + " file to build the default Citadel base image.\n");
            assertThat(command.loadedConfigs).isEmpty();
            assertThat(command.builds).isEmpty();
        }

        @Test
        void aDirectoryIsNotAConfigFile() throws IOException {
            Files.createDirectory(cwd.resolve("conf.d"));

            var result = command.run("--no-confirm", "conf.d");

            assertThat(result.exitCode()).isEqualTo(2);
            assertThat(result.err()).contains(cwd.resolve("conf.d") + " is not a regular file");
            assertThat(command.builds).isEmpty();
        }

        @ParameterizedTest
        @ValueSource(strings = {
            "build.conf line 3: syntax error near unexpected token `}'",
            "build.conf: PRE_INSTALL_MODULES names 'no-such-module', which is neither a function in build.conf"
                    + " nor a file in realmfs-modules",
            "realmfs-modules/broken is not readable: Permission denied"})
        void aConfigTheLoaderRejectsGivesItsMessageOnOneLineAndExitCode2(String message) throws IOException {
            Path buildConf = file("build.conf", "broken\n");
            command.brokenConfig(buildConf, new InvalidRecipeException(message));

            var result = command.run("--no-confirm");

            assertThat(result.exitCode()).isEqualTo(2);
            assertThat(result.err()).isEqualTo("realmfs-builder: " + message + "\n");
            assertThat(command.builds).isEmpty();
        }
    }

    @Nested
    class WorkDirectoryAndOutputs {

        @Test
        void byDefaultItWorksInRealmfsUnderTheCurrentDirectoryAndKeepsTheRootfs() {
            command.run("--no-confirm");

            var build = command.onlyBuild();
            assertThat(build.workDirectory()).isEqualTo(cwd.resolve("realmfs"));
            assertThat(build.options().outputs()).isEmpty();
            assertThat(build.options().keepRootfs()).isTrue();
        }

        @Test
        void dashDChoosesTheWorkDirectoryRelativeToTheCurrentDirectory() {
            command.run("--no-confirm", "-d", "out/../work");

            assertThat(command.onlyBuild().workDirectory()).isEqualTo(cwd.resolve("work"));
        }

        @Test
        void dashDTakesAnAbsoluteDirectory(@TempDir Path elsewhere) {
            command.run("--no-confirm", "-d", elsewhere.toString());

            assertThat(command.onlyBuild().workDirectory()).isEqualTo(elsewhere);
        }

        @Test
        void dashTWritesATarArchiveIntoTheWorkDirectoryAndDropsTheRootfs() {
            command.run("--no-confirm", "-t", "-d", "w");

            BuildOptions options = command.onlyBuild().options();
            assertThat(options.outputs()).containsExactly(Output.tar(cwd.resolve("w/realmfs.tar")));
            assertThat(options.keepRootfs()).isFalse();
        }

        @Test
        void dashZWritesAnXzCompressedTarArchive() {
            command.run("--no-confirm", "-z");

            assertThat(command.onlyBuild().options().outputs())
                    .containsExactly(Output.tarXz(cwd.resolve("realmfs/realmfs.tar.xz")));
        }

        @Test
        void shortOptionsCanBeClusteredLikeTheOriginals() {
            command.run("--no-confirm", "-tz");

            assertThat(command.onlyBuild().options().outputs())
                    .extracting(output -> ((TarOutput) output).compression())
                    .containsExactly(TarOutput.Compression.NONE, TarOutput.Compression.XZ);
        }

        @Test
        void dashIAsksForAnExt4ImageOfTheOriginalSize() {
            command.run("--no-confirm", "-i");

            assertThat(command.onlyBuild().options().outputs()).containsExactly(
                    Output.ext4(cwd.resolve("realmfs").resolve("realmfs.img"), Ext4Output.ORIGINAL_SIZE_BYTES));
        }

        @Test
        void dashRAsksForASignedRealmfsImageWithTheGivenChannelAndVersion() throws Exception {
            Path key = cwd.resolve("key.hex");
            Files.writeString(key, "bc02a3a4fd4a0471a8cb2f96d8be0a0a2d060798c024e60d7a98482f23197fc0\n");

            command.run("--no-confirm", "-r", "--channel", "stable", "--version", "7", "--sign-key", key.toString(),
                    "--no-compress");

            RealmfsImageOutput image = (RealmfsImageOutput) command.onlyBuild().options().outputs().get(0);
            assertThat(image.path()).isEqualTo(cwd.resolve("realmfs").resolve("citadel-realmfs-stable-007.img"));
            assertThat(image.compressed()).isFalse();
            assertThat(image.signingKeyHex()).contains("bc02a3a4fd4a0471a8cb2f96d8be0a0a2d060798c024e60d7a98482f23197fc0");
        }

        @Test
        void aSigningKeyThatIsNotHexIsAUsageErrorNamingTheFile() throws Exception {
            Path key = cwd.resolve("bad.key");
            Files.writeString(key, "not a key");

            var result = command.run("--no-confirm", "-r", "--sign-key", key.toString());

            assertThat(result.exitCode()).isEqualTo(2);
            assertThat(result.err()).contains("bad.key", "64 hex digits");
            assertThat(command.builds).isEmpty();
        }

        @ParameterizedTest
        @ValueSource(strings = {"--channel=stable", "--version=3", "--sign-key=key", "--no-compress", "--name=x",
            "--installed", "--free-space=2G", "--xz-level=1"})
        void realmfsImageSettingsNeedDashR(String setting) {
            var result = command.run("--no-confirm", setting);

            assertThat(result.exitCode()).isEqualTo(2);
            assertThat(result.err()).startsWith("realmfs-builder: Missing required argument(s): --realmfs-image");
            assertThat(command.builds).isEmpty();
        }

        @Test
        void dashRWithoutAConfigWritesTheDefaultBaseImageSignedWithTheDevelopmentKeyAndOneGibFree() {
            command.run("--no-confirm", "-r");

            RealmfsImageOutput image = (RealmfsImageOutput) command.onlyBuild().options().outputs().get(0);
            assertThat(image.name()).isEqualTo("base");
            assertThat(image.channel()).isEqualTo("dev");
            assertThat(image.signingKeyHex()).isEmpty();
            assertThat(image.freeSpaceBytes()).isEqualTo(1L << 30);
            assertThat(image.path()).isEqualTo(cwd.resolve("realmfs").resolve("citadel-realmfs-dev-001.img"));
        }

        @Test
        void dashDashInstalledWritesNameDashRealmfsImgUncompressedWithTheGivenFreeSpace() {
            command.run("--no-confirm", "-r", "--name", "work-tools", "--installed", "--free-space", "2G");

            RealmfsImageOutput image = (RealmfsImageOutput) command.onlyBuild().options().outputs().get(0);
            assertThat(image.path()).isEqualTo(cwd.resolve("realmfs").resolve("work-tools-realmfs.img"));
            assertThat(image.compressed()).isFalse();
            assertThat(image.freeSpaceBytes()).isEqualTo(2L << 30);
        }

        @Test
        void theImageIsCompressedAtCitadelsXzLevelSixUnlessDashDashXzLevelSaysOtherwise() {
            command.run("--no-confirm", "-r");
            command.run("--no-confirm", "-r", "--xz-level", "0");

            assertThat(command.builds).extracting(build -> ((RealmfsImageOutput) build.options().outputs().get(0)).xzLevel())
                    .containsExactly(6, 0);
        }

        @ParameterizedTest
        @ValueSource(strings = {"-1", "10"})
        void anXzLevelOutsideXzsPresetsIsAUsageError(String level) {
            var result = command.run("--no-confirm", "-r", "--xz-level", level);

            assertThat(result.exitCode()).isEqualTo(2);
            assertThat(result.err()).contains("--xz-level " + level, "0 (fastest) to 9");
            assertThat(command.builds).isEmpty();
        }

        @ParameterizedTest
        @ValueSource(strings = {"1base", "my_image", "a234567890123456789012345678901234567890x"})
        void aNameCitadelRefusesIsAUsageErrorQuotingTheRule(String name) {
            var result = command.run("--no-confirm", "-r", "--name", name);

            assertThat(result.exitCode()).isEqualTo(2);
            assertThat(result.err()).contains("'" + name + "'",
                    "at most 40 characters, an ASCII letter first, then only ASCII letters, digits and '-'");
            assertThat(command.builds).isEmpty();
        }

        @Test
        void anotherChannelWithoutASigningKeyIsAUsageErrorBeforeTheBuild() {
            var result = command.run("--no-confirm", "-r", "--channel", "stable");

            assertThat(result.exitCode()).isEqualTo(2);
            assertThat(result.err()).contains("'stable' image needs a signing key", "--sign-key FILE");
            assertThat(command.builds).isEmpty();
        }

        @Test
        void anotherChannelsBuildEndsWithTheLinesTheCitadelHostNeeds() throws Exception {
            Path key = cwd.resolve("key.hex");
            Files.writeString(key, "9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60\n");

            var result = command.run("--no-confirm", "-r", "--channel", "stable", "--sign-key", key.toString());

            String hex = CommandHarness.FAKE_PUBLIC_KEY;
            assertThat(result.out()).contains("  citadel-realmfs-stable-001.img is for the 'stable' channel; the Citadel"
                    + " host needs in /etc/os-release:\n"
                    + "      CITADEL_CHANNEL=stable\n"
                    + "      CITADEL_IMAGE_PUBKEY=" + hex + "\n"
                    + "    or on its kernel command line: citadel.channel=stable:" + hex + "\n");
        }

        @Test
        void aSigningKeyThatDoesNotExistIsAUsageError() {
            var result = command.run("--no-confirm", "-r", "--sign-key", "keys/missing.key");

            assertThat(result.exitCode()).isEqualTo(2);
            assertThat(result.err()).contains("Signing key file " + cwd.resolve("keys/missing.key") + " does not exist");
        }
    }

    @Nested
    class Tmpfs {

        @Test
        void theRootfsIsBuiltOnATmpfsByDefault() {
            command.run("--no-confirm");

            assertThat(command.onlyBuild().options().useTmpfs()).isTrue();
        }

        @Test
        void noTmpfsBuildsOnTheWorkDirectorysDisk() {
            command.run("--no-confirm", "--no-tmpfs");

            assertThat(command.onlyBuild().options().useTmpfs()).isFalse();
        }
    }

    @Nested
    class LayerCache {

        @Test
        void byDefaultTheLayerCacheIsUsedInTheWorkDirectoryWithItsDefaultLimit() {
            command.run("--no-confirm");

            BuildOptions options = command.onlyBuild().options();
            assertThat(options.useLayerCache()).isTrue();
            assertThat(options.clearLayerCache()).isFalse();
            assertThat(options.layerCacheDirectory()).isEmpty();
            assertThat(options.layerCacheSizeLimit()).isEqualTo(BuildOptions.DEFAULT_LAYER_CACHE_SIZE_LIMIT);
        }

        @Test
        void itsOptionsTurnItOffClearItPlaceItAndLimitIt() {
            command.run("--no-confirm", "--no-layer-cache", "--clear-layer-cache", "--layer-cache", "shared",
                    "--layer-cache-size", "500M");

            BuildOptions options = command.onlyBuild().options();
            assertThat(options.useLayerCache()).isFalse();
            assertThat(options.clearLayerCache()).isTrue();
            assertThat(options.layerCacheDirectory()).contains(cwd.resolve("shared"));
            assertThat(options.layerCacheSizeLimit()).isEqualTo(500L << 20);
        }

        @Test
        void aSizeThatIsNoSizeIsAUsageError() {
            var result = command.run("--no-confirm", "--layer-cache-size", "lots");

            assertThat(result.exitCode()).isEqualTo(2);
            assertThat(result.err()).contains("--layer-cache-size 'lots' is not a size such as 8G");
        }
    }

    @Nested
    class SourceDateEpoch {

        @Test
        void theOptionDatesTheBuildsFiles() {
            command.run("--no-confirm", "--source-date-epoch", "1735689600");

            assertThat(command.onlyBuild().options().sourceDateEpoch())
                    .contains(java.time.Instant.parse("2025-01-01T00:00:00Z"));
        }

        @Test
        void withoutTheOptionTheLibraryChooses() {
            command.run("--no-confirm");

            assertThat(command.onlyBuild().options().sourceDateEpoch()).isEmpty();
        }

        @ParameterizedTest
        @ValueSource(strings = {"yesterday", "-1", "1.5"})
        void aValueThatIsNoNumberOfSecondsIsAUsageError(String value) {
            var result = command.run("--no-confirm", "--source-date-epoch", value);

            assertThat(result.exitCode()).isEqualTo(2);
            assertThat(result.err()).contains("--source-date-epoch '" + value + "' is not a number of seconds since"
                    + " 1970-01-01");
            assertThat(command.builds).isEmpty();
        }

        @Test
        void aDateBeyondWhatAnImageCanCarryIsAUsageError() {
            var result = command.run("--no-confirm", "--source-date-epoch", "253402300800");

            assertThat(result.exitCode()).isEqualTo(2);
            assertThat(result.err()).contains("is after 9999-12-31");
        }
    }

    @Nested
    class Confirmation {

        @ParameterizedTest
        @ValueSource(strings = {"y\n", "Y\n", "yes\n", " YES \n"})
        void itBuildsWhenTheAnswerIsYes(String answer) {
            var result = command.stdin(answer).run();

            assertThat(result.exitCode()).isZero();
            assertThat(result.out()).contains("Build this image? [y/N] ");
            assertThat(command.builds).hasSize(1);
        }

        @ParameterizedTest
        @ValueSource(strings = {"n\n", "\n", "no\n", "maybe\n"})
        void anythingButYesCancelsWithExitCode1(String answer) {
            var result = command.stdin(answer).run();

            assertThat(result.exitCode()).isEqualTo(1);
            assertThat(result.out()).endsWith("Cancelled: nothing was built.\n");
            assertThat(command.builds).isEmpty();
        }

        @Test
        void noStandardInputCountsAsNoAndSuggestsNoConfirm() {
            var result = command.stdin("").run();

            assertThat(result.exitCode()).isEqualTo(2);
            assertThat(result.err()).isEqualTo("realmfs-builder: No answer to the confirmation: standard input is"
                    + " closed. Run with --no-confirm to build without asking.\n");
            assertThat(command.builds).isEmpty();
        }

        @Test
        void itShowsTheResolvedParametersBeforeAsking() throws IOException {
            Path buildConf = file("build.conf", "PACKAGES=less\n");
            command.config(buildConf, CONFIGURED);

            var result = command.stdin("n\n").run("-t", "-d", "work");

            assertThat(result.out()).startsWith("realmfs-builder will build:\n"
                    + "  config file:          " + buildConf + "\n"
                    + "  release:              bookworm\n"
                    + "  mirror:               the host's apt mirror\n"
                    + "  packages (2):         vim-tiny less\n"
                    + "  pre-install modules:  set-motd\n"
                    + "  post-install modules: clean-docs\n"
                    + "  self-hosting:         no\n"
                    + "  work directory:       " + cwd.resolve("work") + "\n"
                    + "  rootfs built on:      a tmpfs\n"
                    + "  outputs:              tar " + cwd.resolve("work/realmfs.tar") + "\n"
                    + "Build this image? [y/N] ");
        }

        @Test
        void itShowsTheDefaultImageAndAKeptRootfs() {
            var result = command.stdin("n\n").run("--no-tmpfs");

            assertThat(result.out())
                    .contains("  config file:          none: the default Citadel base image\n")
                    .contains("  rootfs built on:      the work directory's disk\n")
                    .contains("  outputs:              rootfs directory " + cwd.resolve("realmfs/rootfs") + "\n");
        }

        @Test
        void aRecipesOwnMirrorIsShown() throws IOException {
            Path buildConf = file("build.conf", "MIRROR=...\n");
            command.config(buildConf, CONFIGURED.toBuilder().mirror(URI.create("http://mirror.example/debian")).build());

            var result = command.stdin("n\n").run();

            assertThat(result.out()).contains("  mirror:               http://mirror.example/debian\n");
        }

        @Test
        void noConfirmBuildsWithoutAsking() {
            var result = command.stdin("").run("--no-confirm");

            assertThat(result.exitCode()).isZero();
            assertThat(result.out()).doesNotContain("Build this image?");
            assertThat(command.builds).hasSize(1);
        }
    }

    @Nested
    class SelfHostingOption {
        private static final String INSTALL_JAR = "install-file /usr/share/realmfs-builder/realmfs-builder.jar";

        @Test
        void theDefaultImageGetsTheRunningBuilderInstalledSoItCanBuildFromInside() {
            var result = command.run("--no-confirm");

            assertThat(result.exitCode()).isZero();
            RealmfsBuild built = command.onlyBuild().recipe();
            assertThat(built.plan()).isEqualTo(SelfHosting.of(command.builderJar())
                    .addTo(CommandHarness.DEFAULT_IMAGE).plan());
            assertThat(built.allPackages()).containsAll(SelfHosting.RUNTIME_PACKAGES);
            assertThat(built.plan().postModules()).endsWith(INSTALL_JAR, SelfHosting.LAUNCHER_MODULE);
        }

        @Test
        void noSelfHostingBuildsTheDefaultImageAsItIs() {
            command.run("--no-confirm", "--no-self-hosting");

            assertThat(command.onlyBuild().recipe()).isSameAs(CommandHarness.DEFAULT_IMAGE);
        }

        @Test
        void aConfigFileIsBuiltAsItIsUnlessSelfHostingIsAskedFor() throws IOException {
            command.config(file("build.conf", "PACKAGES=less\n"), CONFIGURED);

            command.run("--no-confirm");

            assertThat(command.onlyBuild().recipe()).isSameAs(CONFIGURED);
        }

        @Test
        void selfHostingAddsTheBuilderToAConfigFilesImageAfterItsOwnModules() throws IOException {
            command.config(file("build.conf", "PACKAGES=less\n"), CONFIGURED);

            command.run("--no-confirm", "--self-hosting");

            RealmfsBuild built = command.onlyBuild().recipe();
            assertThat(built.plan().packages()).startsWith("vim-tiny", "less").containsAll(SelfHosting.RUNTIME_PACKAGES);
            assertThat(built.plan().postModules())
                    .containsExactly("clean-docs", INSTALL_JAR, SelfHosting.LAUNCHER_MODULE);
        }

        @Test
        void theConfirmationSaysWhatIsInstalledAndShowsTheAddedPackagesAndModules() {
            var result = command.stdin("n\n").run();

            assertThat(result.out())
                    .contains("  self-hosting:         installs " + command.builderJar()
                            + " as /usr/local/bin/realmfs-builder\n")
                    .contains("default-jre-headless", "debootstrap", INSTALL_JAR, SelfHosting.LAUNCHER_MODULE);
        }

        @Test
        void withoutAJarToInstallTheDefaultImageIsAUsageErrorThatSuggestsNoSelfHosting() {
            var result = command.runningFromClassesDirectory().run("--no-confirm");

            assertThat(result.exitCode()).isEqualTo(2);
            assertThat(result.err()).startsWith("realmfs-builder: Self-hosting installs the running realmfs-builder"
                    + " jar into the image, but this command runs from " + cwd.resolve("target/classes"))
                    .endsWith("or build with --no-self-hosting.\n");
            assertThat(command.builds).isEmpty();
        }

        @Test
        void withoutAJarToInstallNoSelfHostingStillBuilds() {
            var result = command.runningFromClassesDirectory().run("--no-confirm", "--no-self-hosting");

            assertThat(result.exitCode()).isZero();
            assertThat(command.builds).hasSize(1);
        }
    }

    @Nested
    class Root {

        @Test
        void aNonRootUserIsToldPlainlyThatRootIsNeeded() {
            var result = command.notRoot().run("-t");

            assertThat(result.exitCode()).isEqualTo(3);
            assertThat(result.err()).isEqualTo("realmfs-builder: realmfs-builder must run as root: it mounts"
                    + " filesystems and runs commands in a chroot. Run it again with sudo.\n");
            assertThat(result.out()).doesNotContain("Build this image?");
            assertThat(command.builds).isEmpty();
        }

        @Test
        void configErrorsAreReportedEvenWithoutRoot() {
            var result = command.notRoot().run("missing.conf");

            assertThat(result.exitCode()).isEqualTo(2);
            assertThat(result.err()).contains("missing.conf does not exist");
        }

        @Test
        void writingTheTemplateNeedsNoRoot() {
            assertThat(command.notRoot().run("--new").exitCode()).isZero();
        }
    }

    @Nested
    class NewTemplate {

        @Test
        void itWritesTheTemplateAsBuildConfInTheCurrentDirectoryAndBuildsNothing() throws IOException {
            var result = command.run("--new");

            assertThat(result.exitCode()).isZero();
            assertThat(cwd.resolve("build.conf")).hasContent(CommandHarness.TEMPLATE);
            assertThat(result.out()).isEqualTo("Wrote the template " + cwd.resolve("build.conf")
                    + ". Edit it if you like, then build with: sudo realmfs-builder\n");
            assertThat(command.builds).isEmpty();
        }

        @Test
        void itWritesToTheConfigFileArgumentWhenGiven() {
            var result = command.run("--new", "dev.conf");

            assertThat(result.exitCode()).isZero();
            assertThat(cwd.resolve("dev.conf")).hasContent(CommandHarness.TEMPLATE);
            assertThat(result.out()).endsWith("then build with: sudo realmfs-builder dev.conf\n");
        }

        @Test
        void itRefusesToOverwriteAnExistingBuildConf() throws IOException {
            Path buildConf = file("build.conf", "PACKAGES=mine\n");

            var result = command.run("--new");

            assertThat(result.exitCode()).isEqualTo(2);
            assertThat(result.err()).isEqualTo("realmfs-builder: " + buildConf + " already exists; not overwriting"
                    + " it. Move it away, or name another file: realmfs-builder --new my-build.conf\n");
            assertThat(buildConf).hasContent("PACKAGES=mine\n");
        }

        @Test
        void aDirectoryThatDoesNotExistIsNamedAsTheReason() {
            var result = command.run("--new", "no-such-dir/build.conf");

            assertThat(result.exitCode()).isEqualTo(2);
            assertThat(result.err()).isEqualTo("realmfs-builder: Cannot write the template to "
                    + cwd.resolve("no-such-dir/build.conf") + ": the directory " + cwd.resolve("no-such-dir")
                    + " does not exist. Name a file in a directory you can write to:"
                    + " realmfs-builder --new DIR/build.conf\n");
        }

        @Test
        void theKernelsReasonIsGivenWhenThereIsOne() throws IOException {
            file("plain-file", "");

            var result = command.run("--new", "plain-file/build.conf");

            assertThat(result.exitCode()).isEqualTo(2);
            assertThat(result.err()).startsWith("realmfs-builder: Cannot write the template to "
                    + cwd.resolve("plain-file/build.conf") + ": Not a directory. ");
        }
    }

    @Nested
    class BuildingAndFailing {

        @Test
        void aSuccessfulBuildEndsWithItsTimeAndLog() {
            var result = command.run("--no-confirm");

            assertThat(result.out()).endsWith("Build finished in 42.0 s\n"
                    + "  build log: " + cwd.resolve("realmfs/build.log") + "\n");
        }

        @Test
        void aSuccessfulBuildNamesEachOutputAndTheSbomBesideIt() {
            command.buildDoes(call -> {
                Output tar = call.options().outputs().get(0);
                Path sbom = tar.path().resolveSibling(tar.path().getFileName() + ".cdx.json");
                return new org.citadel.realmfs.api.BuildResult(call.workDirectory(), Optional.empty(),
                        call.workDirectory().resolve("build.log"), java.util.Map.of(tar, tar.path()), List.of(),
                        java.util.Map.of(), java.time.Duration.ofSeconds(42), java.util.Map.of(),
                        org.citadel.realmfs.api.LayerUses.NONE, Optional.empty(), java.util.Map.of(tar, sbom));
            });

            var result = command.run("--no-confirm", "-t", "-d", "w");

            assertThat(result.out()).contains("  tar: " + cwd.resolve("w/realmfs.tar") + "\n"
                    + "    sbom: " + cwd.resolve("w/realmfs.tar.cdx.json") + "\n");
        }

        @Test
        void theBuildsProgressIsShownAsItHappens() {
            command.buildEmits(
                    new BuildEvent.StageStarted(Stage.INSTALL_PACKAGES),
                    new BuildEvent.Progress(Stage.INSTALL_PACKAGES, "download packages", 3, 3),
                    new BuildEvent.CommandOutput(Stage.INSTALL_PACKAGES, "Unpacking less ..."));

            var result = command.run("--no-confirm");

            assertThat(result.out()).startsWith("[4/7] install packages\n"
                    + "      download packages: 3/3 (100%)\n"
                    + "Build finished");
        }

        @Test
        void verboseAlsoShowsTheCommandsOutput() {
            command.buildEmits(new BuildEvent.CommandOutput(Stage.INSTALL_PACKAGES, "Unpacking less ..."));

            var result = command.run("--no-confirm", "-v");

            assertThat(result.out()).startsWith("      | Unpacking less ...\n");
        }

        @Test
        void aFailedModuleGivesItsMessageAndLastLinesWithoutAStackTrace() {
            command.buildFails(new ModuleFailedException(Stage.POST_INSTALL_MODULES, "set-motd", 2,
                    List.of("cp: cannot stat 'motd'")));

            var result = command.run("--no-confirm");

            assertThat(result.exitCode()).isEqualTo(1);
            assertThat(result.err()).isEqualTo("realmfs-builder: Module 'set-motd' failed with exit code 2\n"
                    + "Last lines of output:\n  cp: cannot stat 'motd'\n");
        }

        @Test
        void aFailureIsPrintedOnceThoughTheBuildAlsoSendsItAsAnEvent() {
            command.buildEmits(new BuildEvent.StageStarted(Stage.BOOTSTRAP),
                    new BuildEvent.BuildFailed(Optional.of(Stage.BOOTSTRAP), "debootstrap of trixie failed"));
            command.buildFails(new BuildFailedException(Stage.BOOTSTRAP, "debootstrap of trixie failed", List.of()));

            var result = command.run("--no-confirm");

            assertThat(result.exitCode()).isEqualTo(1);
            assertThat(result.err()).isEqualTo("realmfs-builder: debootstrap of trixie failed\n");
            assertThat(result.out()).doesNotContain("debootstrap of trixie failed");
        }

        @Test
        void debugAddsTheStackTrace() {
            command.buildFails(new ModuleFailedException(Stage.POST_INSTALL_MODULES, "set-motd", 2, List.of()));

            var result = command.run("--no-confirm", "--debug");

            assertThat(result.exitCode()).isEqualTo(1);
            assertThat(result.err()).contains("org.citadel.realmfs.api.ModuleFailedException").contains("\tat ");
        }

        @Test
        void aHostRequirementFromTheEngineExitsWith3() {
            command.buildFails(new HostRequirementException("debootstrap is not installed: apt-get install debootstrap"));

            var result = command.run("--no-confirm");

            assertThat(result.exitCode()).isEqualTo(3);
            assertThat(result.err()).isEqualTo("realmfs-builder: debootstrap is not installed: apt-get install debootstrap\n");
        }

        @Test
        void anUnexpectedErrorSaysSoAndPointsToDebug() {
            command.buildFails(new IllegalStateException("boom"));

            var result = command.run("--no-confirm");

            assertThat(result.exitCode()).isEqualTo(1);
            assertThat(result.err()).isEqualTo("realmfs-builder: internal error: java.lang.IllegalStateException: boom\n"
                    + "Run again with --debug to see where it happened.\n");
        }
    }

    @Nested
    class CommandLine {

        @Test
        void anUnknownOptionIsOneLineAndAPointerToHelp() {
            var result = command.run("--tarball");

            assertThat(result.exitCode()).isEqualTo(2);
            assertThat(result.err()).startsWith("realmfs-builder: Unknown option: '--tarball'")
                    .endsWith("Run 'realmfs-builder --help' for the options.\n");
            assertThat(command.builds).isEmpty();
        }

        @Test
        void twoConfigFilesAreAUsageError() {
            assertThat(command.run("a.conf", "b.conf").exitCode()).isEqualTo(2);
        }

        @ParameterizedTest
        @ValueSource(strings = {"-h", "--help"})
        void helpListsEveryOptionAndBuildsNothing(String option) {
            var result = command.run(option);

            assertThat(result.exitCode()).isZero();
            assertThat(result.out()).startsWith("Usage: realmfs-builder ")
                    .contains("[config-file...]", "-j=<n>", "--report=FILE", "--new", "-d=<directory>", "-t ", "-z ", "-i ", "--no-tmpfs",
                            "--no-confirm", "-v, --verbose", "--debug", "-h, --help",
                            "-r, --realmfs-image", "--channel=<channel>", "--version=<n>", "--sign-key=FILE",
                            "--no-compress", "--[no-]self-hosting", "Exit codes:");
            assertThat(result.out().replaceAll("\\s+", " ")).contains("Beside every output OUTPUT it writes"
                    + " OUTPUT.cdx.json, the image's SBOM (CycloneDX 1.6 JSON)");
            assertThat(command.builds).isEmpty();
        }
    }
}
