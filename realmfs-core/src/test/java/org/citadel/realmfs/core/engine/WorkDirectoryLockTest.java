package org.citadel.realmfs.core.engine;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import org.citadel.realmfs.api.BuildIoException;
import org.citadel.realmfs.api.BuildOptions;
import org.citadel.realmfs.api.RealmfsException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WorkDirectoryLockTest {
    @TempDir
    Path dir;

    @Test
    void aSecondBuildInTheSameWorkDirectoryIsToldAnotherIsRunning() {
        WorkDirectory work = WorkDirectory.of(dir, BuildOptions.defaults());
        try (WorkDirectoryLock first = WorkDirectoryLock.acquire(work)) {
            assertThatThrownBy(() -> WorkDirectoryLock.acquire(work))
                    .isInstanceOf(RealmfsException.class)
                    .hasMessageContaining("Another build is running in " + dir);
        }
    }

    @Test
    void theLockIsFreeAgainOnceReleased() {
        WorkDirectory work = WorkDirectory.of(dir, BuildOptions.defaults());
        WorkDirectoryLock.acquire(work).close();

        assertThatCode(() -> WorkDirectoryLock.acquire(work).close()).doesNotThrowAnyException();
    }

    @Test
    void aLockFileThatCannotBeOpenedIsAnIoFailureNamingItsHostPath() {
        WorkDirectory work = WorkDirectory.of(dir.resolve("never-created"), BuildOptions.defaults());

        assertThatThrownBy(() -> WorkDirectoryLock.acquire(work))
                .isInstanceOf(BuildIoException.class)
                .hasMessage("Cannot lock the work directory's lock file " + work.lockFile() + ": no such file or"
                        + " directory. Check that the path exists (a parent directory removed while the build ran?)")
                .hasCauseInstanceOf(NoSuchFileException.class);
    }
}
