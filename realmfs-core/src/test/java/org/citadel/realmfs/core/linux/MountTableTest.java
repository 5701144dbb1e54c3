package org.citadel.realmfs.core.linux;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;

import org.citadel.realmfs.core.linux.MountTable.MountEntry;
import org.junit.jupiter.api.Test;

class MountTableTest {
    private static final MountTable TABLE = MountTable.parse("""
            22 1 0:21 / / rw,relatime shared:1 - ext4 /dev/vda1 rw
            30 22 0:25 / /work/rootfs rw,relatime - tmpfs tmpfs rw,size=8388608k
            31 30 0:26 / /work/rootfs/proc rw,nosuid,nodev,noexec,relatime - proc proc rw
            32 30 0:27 / /work/rootfs/var/cache/apt rw shared:5 master:2 - ext4 /dev/vda1 rw
            33 22 0:28 / /work/rootfs2 rw - tmpfs tmpfs rw
            34 22 0:29 / /mnt/with\\040space rw - tmpfs my\\134source rw
            """);

    @Test
    void readsMountPointFilesystemTypeAndSourceWithOrWithoutOptionalFields() {
        assertThat(TABLE.entries()).hasSize(6);
        assertThat(TABLE.entries().get(3))
                .isEqualTo(new MountEntry(Path.of("/work/rootfs/var/cache/apt"), "ext4", "/dev/vda1"));
    }

    @Test
    void decodesTheOctalEscapesOfMountinfo() {
        assertThat(TABLE.entries().get(5)).isEqualTo(new MountEntry(Path.of("/mnt/with space"), "tmpfs", "my\\source"));
        assertThat(TABLE.isMountPoint(Path.of("/mnt/with space"))).isTrue();
    }

    @Test
    void listsTheMountsAtOrBelowADirectoryMostRecentFirstAndNotItsNamesakes() {
        assertThat(TABLE.atOrBelowMostRecentFirst(Path.of("/work/rootfs")))
                .extracting(MountEntry::mountPoint)
                .containsExactly(Path.of("/work/rootfs/var/cache/apt"), Path.of("/work/rootfs/proc"), Path.of("/work/rootfs"));
    }

    @Test
    void rejectsALineThatIsNotMountinfo() {
        assertThatThrownBy(() -> MountTable.parse("not a mount line"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("not a mount line");
    }
}
