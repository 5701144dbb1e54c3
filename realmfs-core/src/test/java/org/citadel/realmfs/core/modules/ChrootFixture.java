package org.citadel.realmfs.core.modules;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.citadel.realmfs.api.BuildOptions;
import org.citadel.realmfs.api.RealmfsBuild;
import org.citadel.realmfs.core.commands.FakeProcesses;
import org.citadel.realmfs.core.commands.RecordedCommands;
import org.citadel.realmfs.core.stage.StageContext;
import org.citadel.realmfs.core.stage.TestReleases;

/**
 * What the module classes run with, without root: a temporary directory as the rootfs (its files
 * reached through RootfsFiles, as in a build), commands answered by {@link FakeProcesses}, the events
 * recorded. No mounts: the recipe may name no files or modules directories.
 */
final class ChrootFixture implements AutoCloseable {
    static final String BUILD_DIR = "/tmp/realmfs-build";

    final Path rootfs;
    final FakeProcesses processes;
    final RecordedCommands commands;
    final StageContext context;
    final ShellRuntime runtime;

    ChrootFixture(Path directory, RealmfsBuild recipe, BuildOptions options, FakeProcesses processes) throws IOException {
        this.rootfs = Files.createDirectories(directory.resolve("rootfs"));
        Files.createDirectories(rootfs.resolve("tmp"));
        this.processes = processes;
        this.commands = RecordedCommands.of(processes, directory, rootfs);
        this.context = new StageContext(recipe, options,
                TestReleases.trixie("http://unused.invalid/"), TestReleases.EPOCH, null,
                commands.commands(), null);
        this.runtime = ShellRuntime.install(context.rootfsFiles(), BUILD_DIR, recipe, "http://unused.invalid/", null);
    }

    ChrootFixture(Path directory, RealmfsBuild recipe, FakeProcesses processes) throws IOException {
        this(directory, recipe, BuildOptions.builder().build(), processes);
    }

    @Override
    public void close() {
        commands.close();
    }
}
