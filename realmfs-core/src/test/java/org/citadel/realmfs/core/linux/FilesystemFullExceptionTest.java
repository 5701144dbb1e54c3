package org.citadel.realmfs.core.linux;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileSystemException;
import java.nio.file.Path;
import java.util.List;
import org.citadel.realmfs.api.BuildFailedException;
import org.citadel.realmfs.api.Stage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FilesystemFullExceptionTest {
    @TempDir
    Path dir;

    private FilesystemFullException.Writing tarArchive() {
        return FilesystemFullException.writing("the tar archive " + dir.resolve("out.tar"), dir.resolve("out.tar"))
                .needing(293L << 20)
                .advice("Free space there, or write the output elsewhere.");
    }

    @Test
    void enospcFromJavaIoNamesTheFilesystemWhatWasWrittenTheSpaceAndWhatToDo() throws IOException {
        var full = tarArchive().causedBy(new UncheckedIOException("Cannot write x",
                new IOException("No space left on device"))).orElseThrow();

        Path mountPoint = full.mountPoint();
        assertThat(dir.toRealPath()).startsWith(mountPoint);
        assertThat(full.getMessage())
                .startsWith("No space left on the filesystem mounted at " + mountPoint + " (")
                .contains(" while writing the tar archive " + dir.resolve("out.tar") + ": ")
                .containsPattern("[0-9.]+ MiB free of [0-9.]+ MiB, about 293 MiB needed\\. ")
                .endsWith("Free space there, or write the output elsewhere.");
        assertThat(full.written()).isEqualTo(dir.resolve("out.tar"));
    }

    @Test
    void aFileSystemExceptionsReasonAndANativeEnospcAreRecognisedToo() {
        assertThat(tarArchive().causedBy(new FileSystemException(dir + "/x", null, "No space left on device")))
                .isPresent();
        assertThat(tarArchive().causedBy(new NativeCallException("write to fd 5", "ENOSPC", "No space left on device")))
                .isPresent();
    }

    @Test
    void anExhaustedQuotaIsCalledThat() {
        var full = tarArchive().causedBy(new IOException("Disk quota exceeded")).orElseThrow();

        assertThat(full.getMessage()).startsWith("The disk quota is used up on the filesystem mounted at ");
    }

    @Test
    void aCommandThatSaidNoSpaceLeftIsAFullFilesystem() {
        var failed = new BuildFailedException(Stage.WRITE_OUTPUTS, "xz failed",
                List.of("xz: (stdout): Write error: No space left on device"));

        assertThat(tarArchive().causedBy(failed)).isPresent();
        assertThat(tarArchive().ifPrinted(List.of("E: You don't have enough free space in /var/cache/apt/archives/.")))
                .isPresent();
        assertThat(tarArchive().ifPrinted(List.of("all good"))).isEmpty();
    }

    @Test
    void otherFailuresAreNotAFullFilesystem() {
        assertThat(tarArchive().causedBy(new IOException("Permission denied"))).isEmpty();
        assertThat(tarArchive().causedBy(new NativeCallException("open x", "EACCES", "Permission denied"))).isEmpty();
        assertThat(tarArchive().causedBy(new BuildFailedException(Stage.BOOTSTRAP, "debootstrap failed",
                List.of("E: Couldn't download packages")))).isEmpty();
    }

    @Test
    void withoutAKnownNeedItSaysOnlyWhatIsFree() {
        var full = FilesystemFullException.writing("the layer", dir.resolve("staging/x"))
                .causedBy(new IOException("No space left on device")).orElseThrow();

        assertThat(full.getMessage()).doesNotContain("needed").containsPattern("MiB free of [0-9.]+ MiB\\. Free space there");
    }

    @Test
    void sizesAreInMebibytesWithADecimalBelowTen() {
        assertThat(FilesystemFullException.mib(0)).isEqualTo("0.0 MiB");
        assertThat(FilesystemFullException.mib(3 << 19)).isEqualTo("1.5 MiB");
        assertThat(FilesystemFullException.mib(1360L << 20)).isEqualTo("1360 MiB");
    }
}
