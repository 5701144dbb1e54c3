package org.citadel.realmfs.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import org.citadel.realmfs.api.BuildResult;
import org.citadel.realmfs.api.RealmfsBuild;
import org.citadel.realmfs.core.linux.MountTable;
import org.citadel.realmfs.core.output.image.RealmfsImageReader;
import org.citadel.realmfs.core.output.image.SigningKey;
import org.citadel.realmfs.core.output.image.VerificationReport;
import org.citadel.realmfs.core.rootfs.TreeRemover;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The example, built for real on a tmpfs, as the README's command builds it. */
class HelloRealmIT {
    Path work;

    @BeforeEach
    void setUp() throws IOException {
        work = Files.createTempDirectory("hello-realm-it");
    }

    @AfterEach
    void tearDown() {
        TreeRemover.removeTree(work);
    }

    @Test
    void buildsAVerifiedDevSignedRealmfsImageAndLeavesNothingMounted() throws IOException {
        RealmfsBuild recipe = HelloRealm.recipe(work.resolve("files"));

        BuildResult result = recipe.run(work, BuildExample.options(work)
                .packageCacheDirectory(Path.of(System.getProperty("java.io.tmpdir"), "realmfs-it-package-cache"))
                .build());

        Path image = work.resolve("citadel-realmfs-dev-001.img");
        assertThat(result.outputs()).containsValue(image);
        assertThat(work.resolve("verity-hash-base-001")).isRegularFile();
        VerificationReport report = RealmfsImageReader.open(image).verify(SigningKey.development().verifyingKey());
        assertThat(report.problems()).isEmpty();
        assertThat(report.isValid()).isTrue();
        assertThat(report.metainfo().realmfsName()).isEqualTo("base");
        assertThat(report.metainfo().channel()).isEqualTo("dev");
        assertThat(HexFormat.of().parseHex(report.metainfo().verityRoot())).hasSize(32);
        assertThat(result.rootfs()).isEmpty();
        assertThat(MountTable.ofProcess().atOrBelowMostRecentFirst(work)).isEmpty();
    }
}
