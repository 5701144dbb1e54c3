package org.citadel.realmfs.core.stage;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import org.citadel.realmfs.api.BuildOptions;
import org.citadel.realmfs.api.PlannedStep;
import org.citadel.realmfs.api.RealmfsBuild;
import org.citadel.realmfs.api.Stage;
import org.citadel.realmfs.core.commands.BuildCommands;
import org.citadel.realmfs.core.engine.WorkDirectory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The bootstrap stage runs the very command the plan shows. */
class BootstrapStageTest {
    private static final Path DEBOOTSTRAP = Path.of("/usr/sbin/debootstrap");

    @TempDir
    Path workDirectory;

    @Test
    void runsTheDebootstrapCommandOfThePlanWithTheRootfsAndMirrorFilledIn() {
        RealmfsBuild recipe = RealmfsBuild.builder().release("bookworm").variant("buildd").architecture("arm64")
                .setBootstrapIncludes(List.of("locales")).build();
        URI hostMirror = URI.create("http://mirror.invalid/debian");
        WorkDirectory work = WorkDirectory.of(workDirectory, BuildOptions.defaults());
        StageContext context = new StageContext(recipe, BuildOptions.defaults(),
                TestReleases.trixie(hostMirror), TestReleases.EPOCH, null,
                BuildCommands.spawnedBy(null, null, work.rootfs()), null);

        List<String> run = new BootstrapStage().command(DEBOOTSTRAP, context).argv();

        PlannedStep planned = recipe.plan().steps(Stage.BOOTSTRAP).stream()
                .filter(step -> step.action() == PlannedStep.Action.HOST_COMMAND).findFirst().orElseThrow();
        List<String> filledIn = planned.argv().stream().map(arg -> switch (arg) {
            case "debootstrap" -> DEBOOTSTRAP.toString();
            case PlannedStep.ROOTFS -> work.rootfs().toString();
            case PlannedStep.HOST_MIRROR -> hostMirror.toString();
            default -> arg;
        }).toList();
        assertThat(run).isEqualTo(filledIn);
        assertThat(run).contains("--variant=buildd", "--include=locales", "--arch=arm64", "bookworm");
    }
}
