package org.citadel.realmfs.core.linux;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assumptions.assumeThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PathCallsTest {
    @TempDir
    Path dir;

    @Test
    void lstatDescribesASymlinkItselfAndStatTheFileItLeadsTo() throws IOException {
        Path file = Files.writeString(dir.resolve("file"), "twelve bytes");
        Path link = dir.resolve("link");
        PathCalls.symlink("file", link);

        FileMetadata ofLink = PathCalls.lstat(link);
        FileMetadata ofTarget = PathCalls.stat(link);

        assertThat(ofLink.kind()).isEqualTo(FileKind.SYMLINK);
        assertThat(ofLink.size()).as("a symlink's size is its target's length").isEqualTo("file".length());
        assertThat(ofTarget.kind()).isEqualTo(FileKind.REGULAR_FILE);
        assertThat(ofTarget.size()).isEqualTo(12);
        assertThat(ofTarget.isSameFileAs(PathCalls.lstat(file))).isTrue();
        assertThat(ofLink.isSameFileAs(ofTarget)).isFalse();
        assertThat(ofTarget.inode()).isEqualTo(Files.getAttribute(file, "unix:ino"));
        assertThat(ofTarget.device()).isEqualTo(Files.getAttribute(file, "unix:dev"));
        assertThat(PathCalls.stat(dir).kind()).isEqualTo(FileKind.DIRECTORY);
    }

    @Test
    void aFailedCallNamesTheCallThePathAndTheErrno() {
        Path missing = dir.resolve("no-such-file");

        assertThatThrownBy(() -> PathCalls.lstat(missing))
                .isInstanceOf(NativeCallException.class)
                .hasMessage("lstat " + missing + " failed: ENOENT (No such file or directory)")
                .extracting(e -> ((NativeCallException) e).errnoName()).isEqualTo("ENOENT");
        assertThatThrownBy(() -> PathCalls.chmod(missing, 0644))
                .hasMessage("set mode 0644 on " + missing + " failed: ENOENT (No such file or directory)");
        assertThatThrownBy(() -> PathCalls.readlink(dir))
                .hasMessage("read the symlink " + dir + " failed: EINVAL (Invalid argument)");
    }

    @Test
    void chmodSetsThePermissionBitsSetgidAndStickyIncluded() throws IOException {
        Path directory = Files.createDirectory(dir.resolve("shared"));

        PathCalls.chmod(directory, 03750);

        assertThat(PathCalls.lstat(directory).permissions()).isEqualTo(03750);
        assertThat(Files.getAttribute(directory, "unix:mode")).isEqualTo(0040000 | 03750);
    }

    @Test
    void lchownChangesOwnerAndGroupOfTheLinkNotOfItsTarget() throws IOException {
        assumeThat(Kernel.isRoot()).as("changing owners needs root").isTrue();
        Path file = Files.writeString(dir.resolve("file"), "x");
        Path link = dir.resolve("link");
        PathCalls.symlink("file", link);

        PathCalls.lchown(link, 1234, 5678);
        PathCalls.lchown(file, 4321, 8765);

        FileMetadata ofLink = PathCalls.lstat(link);
        assertThat(ofLink.uid()).isEqualTo(1234);
        assertThat(ofLink.gid()).isEqualTo(5678);
        assertThat(Files.getAttribute(file, "unix:uid")).isEqualTo(4321);
        assertThat(Files.getAttribute(file, "unix:gid")).isEqualTo(8765);
    }

    @Test
    void lchownWithoutThePrivilegeIsRefusedNamingThePath() throws IOException {
        assumeThat(Kernel.isRoot()).as("root may give files away").isFalse();
        Path file = Files.writeString(dir.resolve("file"), "x");

        assertThatThrownBy(() -> PathCalls.lchown(file, 0, 0))
                .isInstanceOf(NativeCallException.class)
                .hasMessageContaining("change the owner of " + file + " to 0:0 failed: EPERM");
    }

    @Test
    void aSymlinkKeepsItsTargetTextExactlyAsGiven() {
        Path link = dir.resolve("link");

        PathCalls.symlink("../some//where/", link);

        assertThat(PathCalls.readlink(link)).isEqualTo("../some//where/");
        assertThatThrownBy(() -> PathCalls.symlink("other", link))
                .hasMessage("create the symlink " + link + " to other failed: EEXIST (File exists)");
    }

    @Test
    void aHardLinkIsTheSameFileUnderASecondName() throws IOException {
        Path file = Files.writeString(dir.resolve("file"), "x");
        Path second = dir.resolve("second");

        PathCalls.link(file, second);

        assertThat(PathCalls.lstat(second).isSameFileAs(PathCalls.lstat(file))).isTrue();
        assertThat(PathCalls.lstat(file).links()).isEqualTo(2);
    }

    @Test
    void fstatOfAHandleOnASymlinkDescribesTheLink() throws IOException {
        Files.createDirectory(dir.resolve("target"));
        PathCalls.symlink("target", dir.resolve("link"));

        try (Fd root = AtCalls.openRoot(dir);
             Fd link = AtCalls.resolveInRoot(root, "link", false, "link").orElseThrow();
             Fd followed = AtCalls.resolveInRoot(root, "link", true, "link").orElseThrow()) {
            assertThat(AtCalls.kind(link)).isEqualTo(FileKind.SYMLINK);
            assertThat(AtCalls.kind(followed)).isEqualTo(FileKind.DIRECTORY);
            FileMetadata target = PathCalls.lstat(dir.resolve("target"));
            assertThat(AtCalls.isFile(followed, target.device(), target.inode())).isTrue();
            assertThat(AtCalls.isFile(link, target.device(), target.inode())).isFalse();
            assertThat(AtCalls.readLink(link)).isEqualTo("target");
            assertThat(AtCalls.hostPathOf(followed)).isEqualTo(dir.resolve("target").toRealPath());
        }
    }

    @Test
    void aModificationTimeIsSetOnTheLinkItselfToTheNanosecond() throws IOException {
        Path file = Files.writeString(dir.resolve("file"), "x");
        Path link = dir.resolve("link");
        PathCalls.symlink("file", link);
        FileTime fileTime = Files.getLastModifiedTime(file);
        FileTime accessed = (FileTime) Files.getAttribute(link, "lastAccessTime", LinkOption.NOFOLLOW_LINKS);
        FileTime mtime = FileTime.from(Instant.parse("2001-02-03T04:05:06.123456789Z"));

        FileNodes.setModificationTime(link, mtime);

        assertThat(Files.getLastModifiedTime(link, LinkOption.NOFOLLOW_LINKS)).isEqualTo(mtime);
        assertThat(PathCalls.lstat(link).mtimeSeconds()).isEqualTo(mtime.toInstant().getEpochSecond());
        assertThat(Files.getAttribute(link, "lastAccessTime", LinkOption.NOFOLLOW_LINKS))
                .as("the access time is left as it was").isEqualTo(accessed);
        assertThat(Files.getLastModifiedTime(file)).isEqualTo(fileTime);
    }

    @Test
    void jnrPosixConvenienceFormsThrowTheSameExceptionInsteadOfPrintingOrExiting() {
        assertThatThrownBy(() -> Kernel.posix().lstat(dir.resolve("missing").toString()))
                .isInstanceOf(NativeCallException.class)
                .hasMessage("lstat " + dir.resolve("missing") + " failed: ENOENT (No such file or directory)");
    }
}
