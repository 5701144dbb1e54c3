package org.citadel.realmfs.core.stage;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.citadel.realmfs.api.BuildEvent;
import org.citadel.realmfs.api.Stage;
import org.junit.jupiter.api.Test;

class DebootstrapProgressTest {

    @Test
    void packagesValidatedAreCountedThenExtractingUnpackingAndConfiguringCountAgainstThem() {
        List<BuildEvent> events = new ArrayList<>();
        DebootstrapProgress progress = new DebootstrapProgress(events::add);
        List.of("I: Retrieving Packages ", "I: Validating Packages ", "I: Validating apt 3.0.4",
                "I: Validating libacl1 2.3.2-2+b1", "I: Extracting apt...", "I: Extracting libacl1...",
                "I: Installing core packages...", "I: Unpacking required packages...", "I: Unpacking libacl1:amd64...",
                "I: Configuring required packages...", "I: Configuring apt...", "I: Unpacking the base system...",
                "I: Base system installed successfully.").forEach(progress);

        assertThat(events).containsExactly(
                new BuildEvent.Progress(Stage.BOOTSTRAP, "retrieve packages", 1, 0),
                new BuildEvent.Progress(Stage.BOOTSTRAP, "retrieve packages", 2, 0),
                new BuildEvent.Progress(Stage.BOOTSTRAP, "extracting packages", 1, 2),
                new BuildEvent.Progress(Stage.BOOTSTRAP, "extracting packages", 2, 2),
                new BuildEvent.Progress(Stage.BOOTSTRAP, "unpacking packages", 1, 2),
                new BuildEvent.Progress(Stage.BOOTSTRAP, "configuring packages", 1, 2));
    }
}
