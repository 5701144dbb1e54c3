package org.citadel.realmfs.core.output.tar;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class HardLinksTest {

    private final HardLinks hardLinks = new HardLinks();

    @Test
    void laterNamesOfAFileLinkToItsFirstName() {
        FileStatus threeLinks = regularFile(42, 3);

        assertThat(hardLinks.firstNameOf("./a", threeLinks)).isEmpty();
        assertThat(hardLinks.firstNameOf("./b", threeLinks)).contains("./a");
        assertThat(hardLinks.firstNameOf("./c", threeLinks)).contains("./a");
    }

    @Test
    void aFileWithOneLinkIsNeverALink() {
        FileStatus single = regularFile(7, 1);

        assertThat(hardLinks.firstNameOf("./a", single)).isEmpty();
        assertThat(hardLinks.firstNameOf("./a-again", single)).isEmpty();
    }

    @Test
    void theSameInodeOnAnotherDeviceIsAnotherFile() {
        assertThat(hardLinks.firstNameOf("./a", new FileStatus(FileType.REGULAR, 0644, 0, 0, 1, 42, 2, 0, 0, 0))).isEmpty();
        assertThat(hardLinks.firstNameOf("./b", new FileStatus(FileType.REGULAR, 0644, 0, 0, 2, 42, 2, 0, 0, 0))).isEmpty();
    }

    @Test
    void aFileIsForgottenOnceAllItsLinksWereSeen() {
        FileStatus twoLinks = regularFile(42, 2);
        hardLinks.firstNameOf("./a", twoLinks);
        hardLinks.firstNameOf("./b", twoLinks);

        // The inode was freed and reused by a new file with two links: it starts afresh.
        assertThat(hardLinks.firstNameOf("./new", twoLinks)).isEmpty();
    }

    private static FileStatus regularFile(long inode, int links) {
        return new FileStatus(FileType.REGULAR, 0644, 0, 0, 1, inode, links, 0, 0, 0);
    }
}
