package org.citadel.realmfs.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class BuildCancellationTest {
    private final BuildCancellation cancellation = new BuildCancellation();
    private final List<String> ran = new ArrayList<>();

    @Test
    void onlyTheFirstCancelCountsAndRunsTheRegisteredActionsOnce() {
        cancellation.onCancel(() -> ran.add("kill the build's processes"));

        assertThat(cancellation.cancel("SIGTERM")).isTrue();
        assertThat(cancellation.cancel("SIGINT")).isFalse();

        assertThat(ran).containsExactly("kill the build's processes");
        assertThat(cancellation.isCancelled()).isTrue();
        assertThat(cancellation.reason()).contains("SIGTERM");
    }

    @Test
    void anActionRegisteredAfterTheCancelRunsAtOnce() {
        cancellation.cancel("stopped by the user");

        cancellation.onCancel(() -> ran.add("late"));

        assertThat(ran).containsExactly("late");
    }

    @Test
    void aClosedRegistrationIsNotRun() {
        cancellation.onCancel(() -> ran.add("ended build")).close();

        cancellation.cancel("SIGTERM");

        assertThat(ran).isEmpty();
    }

    @Test
    void throwIfCancelledNamesTheStageAndTheReason() {
        cancellation.throwIfCancelled(Stage.BOOTSTRAP); // not cancelled: nothing happens
        cancellation.cancel("SIGHUP");

        assertThatThrownBy(() -> cancellation.throwIfCancelled(Stage.INSTALL_PACKAGES))
                .isInstanceOfSatisfying(BuildCancelledException.class, e -> {
                    assertThat(e.stage()).contains(Stage.INSTALL_PACKAGES);
                    assertThat(e.reason()).isEqualTo("SIGHUP");
                })
                .hasMessage("The build was cancelled (SIGHUP) during install packages; it stopped and cleaned up."
                        + " Run it again to build.");
    }

    @Test
    void optionsCarryTheCancellationAndReplaceIt() {
        BuildOptions options = BuildOptions.builder().cancellation(cancellation).build();

        assertThat(options.cancellation()).containsSame(cancellation);
        assertThat(options.toBuilder().build().cancellation()).containsSame(cancellation);
        assertThat(options.toBuilder().cancellation(null).build().cancellation()).isEmpty();
        assertThat(BuildOptions.defaults().cancellation()).isEmpty();
    }
}
