package org.citadel.realmfs.core.output;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StagingFilesTest {
    @TempDir
    Path dir;

    @Test
    void aTemporaryFileNobodyHoldsIsAKilledWritersAndIsRemoved() throws IOException {
        Path orphan = Files.writeString(dir.resolve(".realmfs.ext4.8812345.partial"), "half an image");

        assertThat(StagingFiles.removeAbandoned(dir)).containsExactly(orphan);
        assertThat(orphan).doesNotExist();
    }

    @Test
    void theTemporaryFileOfAnOutputBeingWrittenInThisJvmStays() {
        try (AtomicOutputFile writing = new AtomicOutputFile(dir.resolve("realmfs.tar"))) {
            assertThat(StagingFiles.removeAbandoned(dir)).isEmpty();
            assertThat(writing.temporary()).exists();
            assertThat(dir.toFile().list()).as("only the staging file, locked before it got its name")
                    .containsExactly(writing.temporary().getFileName().toString());
        }
        assertThat(dir).isEmptyDirectory();
    }

    @Test
    void aTemporaryFileAnotherProcessHoldsLockedStaysUntilThatProcessIsGone() throws Exception {
        Path partial = Files.writeString(dir.resolve(".realmfs.tar.42.partial"), "");
        Process writer = new ProcessBuilder("flock", "--exclusive", "--close", partial.toString(), "sleep", "1000.013").start();
        try {
            awaitLocked(partial);
            assertThat(StagingFiles.removeAbandoned(dir)).isEmpty();
        } finally {
            writer.descendants().forEach(ProcessHandle::destroyForcibly); // its sleep
            writer.destroyForcibly();
            writer.waitFor(10, TimeUnit.SECONDS);
        }

        assertThat(StagingFiles.removeAbandoned(dir)).containsExactly(partial);
    }

    @Test
    void otherFilesAreNeverTouched() throws IOException {
        Files.writeString(dir.resolve("realmfs.tar"), "a finished output");
        Files.writeString(dir.resolve("notes.partial"), "not a staging name");
        Files.writeString(dir.resolve(".hidden"), "");
        Files.writeString(dir.resolve(".download.part1.partial"), "another program's");
        Files.createDirectory(dir.resolve(".a-directory.123.partial"));

        assertThat(StagingFiles.removeAbandoned(dir)).isEmpty();
        assertThat(dir.resolve("realmfs.tar")).exists();
        assertThat(dir.resolve("notes.partial")).exists();
        assertThat(dir.resolve(".download.part1.partial")).exists();
        assertThat(dir.resolve(".a-directory.123.partial")).isDirectory();
    }

    @Test
    void aMissingDirectoryHasNothingToRemove() {
        assertThat(StagingFiles.removeAbandoned(dir.resolve("not-there"))).isEmpty();
    }

    /** flock(1) takes the lock right after it starts; wait until /proc/locks shows one on the file. */
    private static void awaitLocked(Path file) throws Exception {
        long inode = (long) Files.getAttribute(file, "unix:ino");
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (Files.readAllLines(Path.of("/proc/locks")).stream().noneMatch(l -> l.contains("FLOCK") && l.contains(":" + inode + " "))) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("flock never locked " + file);
            }
            Thread.sleep(20);
        }
    }
}
