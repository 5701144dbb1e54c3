package org.citadel.realmfs.core.stage;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.citadel.realmfs.api.BuildEvent;
import org.junit.jupiter.api.Test;

class AptProgressTest {

    @Test
    void reportsDownloadUnpackAndSetupCountsAgainstAptsSummary() {
        List<BuildEvent> events = new ArrayList<>();
        AptProgress progress = new AptProgress(events::add);

        List.of("Reading package lists...",
                "Get:0 http://ignored before the summary",
                "1 upgraded, 2 newly installed, 0 to remove and 0 not upgraded.",
                "Get:1 http://m/debian trixie/main amd64 less amd64 668-1 [161 kB]",
                "Get:2 http://m/debian trixie/main amd64 vim-tiny amd64 2:9.1 [700 kB]",
                "Unpacking less (668-1) ...",
                "Setting up less (668-1) ...").forEach(progress);

        assertThat(events).containsExactly(
                new BuildEvent.Progress(org.citadel.realmfs.api.Stage.INSTALL_PACKAGES, "downloading packages", 1, 3),
                new BuildEvent.Progress(org.citadel.realmfs.api.Stage.INSTALL_PACKAGES, "downloading packages", 2, 3),
                new BuildEvent.Progress(org.citadel.realmfs.api.Stage.INSTALL_PACKAGES, "unpacking packages", 1, 3),
                new BuildEvent.Progress(org.citadel.realmfs.api.Stage.INSTALL_PACKAGES, "setting up packages", 1, 3));
    }
}
