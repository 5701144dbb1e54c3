package org.citadel.realmfs.core.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import org.citadel.realmfs.api.BuildIoException;
import org.citadel.realmfs.api.RealmfsException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HostFilesTest {
    @TempDir
    Path dir;

    @Test
    void aMissingFileIsReportedWithWhatWasTriedItsPathTheReasonAndWhatToDo() {
        Path missing = dir.resolve("no-such.conf");

        assertThatThrownBy(() -> HostFiles.readString("the config", missing))
                .isInstanceOf(BuildIoException.class)
                .hasMessage("Cannot read the config " + missing + ": no such file or directory. Check that the path"
                        + " exists (a parent directory removed while the build ran?)")
                .hasCauseInstanceOf(NoSuchFileException.class)
                .satisfies(e -> assertThat(((BuildIoException) e).path()).isEqualTo(missing));
    }

    @Test
    void aDirectoryThatCannotBeCreatedBecauseAFileIsInTheWayGivesTheSystemsReason() throws IOException {
        Path file = Files.writeString(dir.resolve("a-file"), "x");
        Path below = file.resolve("sub");

        assertThatThrownBy(() -> HostFiles.createDirectories("the output directory", below))
                .isInstanceOf(BuildIoException.class)
                .hasMessage("Cannot create the output directory " + below + ": Not a directory. Check the path and"
                        + " the health of its filesystem")
                .cause().isInstanceOf(IOException.class);
    }

    @Test
    void aFullFilesystemSaysToFreeSpace() {
        Path log = dir.resolve("realmfs-build.log");

        BuildIoException failure = HostFiles.ioFailure("write the build log", log,
                new FileSystemException(log.toString(), null, "No space left on device"));

        assertThat(failure).isInstanceOf(RealmfsException.class)
                .hasMessage("Cannot write the build log " + log + ": No space left on device. Free space on its"
                        + " filesystem, or use a filesystem with more room");
    }

    @Test
    void aDeniedAccessSaysToCheckThePermissionsAndTheMount() {
        Path lock = dir.resolve(".lock");

        assertThat(HostFiles.ioFailure("lock", lock, new AccessDeniedException(lock.toString())))
                .hasMessageStartingWith("Cannot lock " + lock + ": permission denied. Check its permissions");
    }

    @Test
    void theFailureNamesTheFileTheSystemNamedWhenItIsNotThePathTried() {
        Path tree = dir.resolve("rootfs");
        Path inside = tree.resolve("etc/busy");

        assertThat(HostFiles.ioFailure("delete", tree, new FileSystemException(inside.toString(), null, "Device or resource busy")))
                .hasMessageStartingWith("Cannot delete " + tree + ": Device or resource busy (" + inside + "). ");
    }

    @Test
    void aFileReadsAsUtf8AndDeletingTellsWhetherTheFileWasThere() throws IOException {
        Path file = dir.resolve("sub/x.txt");
        HostFiles.createDirectories("the directory", file.getParent());
        Files.writeString(file, "é\n");

        assertThat(HostFiles.readString("the file", file)).isEqualTo("é\n");
        assertThat(HostFiles.deleteIfExists("the file", file)).isTrue();
        assertThat(HostFiles.deleteIfExists("the file", file)).isFalse();
    }
}
