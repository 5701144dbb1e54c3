package org.citadel.realmfs.core.output.tar;

import static org.assertj.core.api.Assertions.assertThat;

import org.citadel.realmfs.core.output.tar.TarWriteListener.Omission;
import org.junit.jupiter.api.Test;

class TarOmissionsTest {

    @Test
    void nothingLeftOutSaysNothing() {
        assertThat(new TarOmissions().describe("The tar output x.tar")).isEmpty();
    }

    @Test
    void namesWhatWasLeftOutByItsPathInTheRootfsSocketsAndMountPointsApart() {
        TarOmissions omissions = new TarOmissions();
        omissions.omitted("./run/a.sock", Omission.SOCKET);
        omissions.omitted("./proc/", Omission.OTHER_FILESYSTEM);
        omissions.omitted("./run/b.sock", Omission.SOCKET);

        assertThat(omissions.describe("The tar output x.tar")).contains("The tar output x.tar leaves out"
                + " 2 sockets /run/a.sock, /run/b.sock (a tar cannot hold one; a running service creates its own),"
                + " and the contents of 1 mount point /proc (another filesystem was mounted there; only the directory"
                + " is archived)");
    }

    @Test
    void manyAreCountedAfterTheFirstTen() {
        TarOmissions omissions = new TarOmissions();
        for (int i = 0; i < 25; i++) {
            omissions.omitted("./run/s" + i, Omission.SOCKET);
        }

        assertThat(omissions.describe("The layer")).hasValueSatisfying(text -> assertThat(text)
                .startsWith("The layer leaves out 25 sockets /run/s0, /run/s1,")
                .contains("/run/s9 and 15 more (").doesNotContain("/run/s10"));
    }
}
