package org.citadel.realmfs.core.linux;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class FileKindTest {
    @Test
    void theFileTypeBitsOfAModeNameTheKind() {
        assertThat(FileKind.ofMode(0040755)).isEqualTo(FileKind.DIRECTORY);
        assertThat(FileKind.ofMode(0100644)).isEqualTo(FileKind.REGULAR_FILE);
        assertThat(FileKind.ofMode(0120777)).isEqualTo(FileKind.SYMLINK);
        assertThat(FileKind.ofMode(0020666)).as("a character device").isEqualTo(FileKind.DEVICE);
        assertThat(FileKind.ofMode(0060660)).as("a block device").isEqualTo(FileKind.DEVICE);
        assertThat(FileKind.ofMode(0010644)).as("a FIFO").isEqualTo(FileKind.OTHER);
        assertThat(FileKind.ofMode(0140755)).as("a socket").isEqualTo(FileKind.OTHER);
    }
}
