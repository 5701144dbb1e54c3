package org.citadel.realmfs.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class BatchResultJsonTest {
    private static final Path WORK = Path.of("/var/tmp/b");

    @Test
    void aBatchOfOneBuiltOneFailedAndOneCancelledEntryHasThisShape() {
        TarOutput tar = new TarOutput(WORK.resolve("base/rootfs.tar"), TarOutput.Compression.NONE);
        BuildResult built = new BuildResult(WORK.resolve("base"), Optional.empty(), WORK.resolve("base/build.log"),
                Map.of(tar, tar.path()), List.of("less"), Map.of(Stage.BOOTSTRAP, Duration.ofMillis(1500)),
                Duration.ofMillis(2000), Map.of(), new LayerUses(LayerUse.BUILT, LayerUse.NONE));
        BatchResult result = new BatchResult(List.of(
                new BatchEntryResult("base", WORK.resolve("base"), Optional.of(built), Optional.empty(),
                        Duration.ofMillis(2001), Map.of(Stage.BOOTSTRAP, Duration.ofMillis(1500)), Map.of()),
                new BatchEntryResult("dev", WORK.resolve("dev"), Optional.empty(),
                        Optional.of(new ModuleFailedException(Stage.POST_INSTALL_MODULES, "fail", 1, List.of("bye"))),
                        Duration.ofMillis(30), Map.of(),
                        Map.of(Stage.BOOTSTRAP, "the cached bootstrap layer ab12 holds its result")),
                new BatchEntryResult("media", WORK.resolve("media"), Optional.empty(),
                        Optional.of(new BuildCancelledException(null, "SIGINT", null)), Duration.ZERO, Map.of(), Map.of())),
                Duration.ofMillis(2100));

        assertThat(result.toJson()).isEqualTo("{\"took_ms\":2100,\"built\":1,\"failed\":1,\"cancelled\":1,\"entries\":["
                + "{\"name\":\"base\",\"work_directory\":\"/var/tmp/b/base\",\"outcome\":\"built\",\"took_ms\":2001,"
                + "\"stages_ms\":{\"BOOTSTRAP\":1500},\"skipped_stages\":{},\"layers\":{\"bootstrap\":\"built\",\"packages\":\"none\"},\"build_log\":\"/var/tmp/b/base/build.log\","
                + "\"outputs\":[{\"kind\":\"tar\",\"path\":\"/var/tmp/b/base/rootfs.tar\"}]},"
                + "{\"name\":\"dev\",\"work_directory\":\"/var/tmp/b/dev\",\"outcome\":\"failed\",\"took_ms\":30,"
                + "\"stages_ms\":{},\"skipped_stages\":{\"BOOTSTRAP\":\"the cached bootstrap layer ab12 holds its result\"},"
                + "\"failure\":{\"type\":\"ModuleFailedException\",\"stage\":\"POST_INSTALL_MODULES\",\"module\":\"fail\","
                + "\"exit_code\":1,\"message\":\"Module 'fail' failed with exit code 1\\nLast lines of output:\\n  bye\","
                + "\"last_output\":[\"bye\"]}},"
                + "{\"name\":\"media\",\"work_directory\":\"/var/tmp/b/media\",\"outcome\":\"cancelled\",\"took_ms\":0,"
                + "\"stages_ms\":{},\"skipped_stages\":{},\"failure\":{\"type\":\"BuildCancelledException\","
                + "\"message\":\"The build was cancelled (SIGINT) before its first stage; it stopped and cleaned up."
                + " Run it again to build.\"}}]}");
    }

    @Test
    void anOutputWithAnSbomNamesItsFile() {
        TarOutput tar = new TarOutput(WORK.resolve("base/rootfs.tar"), TarOutput.Compression.NONE);
        BuildResult built = new BuildResult(WORK.resolve("base"), Optional.empty(), WORK.resolve("base/build.log"),
                Map.of(tar, tar.path()), List.of(), Map.of(), Duration.ZERO, Map.of(), LayerUses.NONE,
                Optional.empty(), Map.of(tar, WORK.resolve("base/rootfs.tar.cdx.json")));
        BatchResult result = new BatchResult(List.of(new BatchEntryResult("base", WORK.resolve("base"),
                Optional.of(built), Optional.empty(), Duration.ZERO, Map.of(), Map.of())), Duration.ZERO);

        assertThat(result.toJson()).contains("\"outputs\":[{\"kind\":\"tar\",\"path\":\"/var/tmp/b/base/rootfs.tar\","
                + "\"sbom\":\"/var/tmp/b/base/rootfs.tar.cdx.json\"}]");
    }

    @Test
    void quotesBackslashesAndControlCharactersAreEscaped() {
        BatchResult result = new BatchResult(List.of(new BatchEntryResult("x", Path.of("/w/a\"b\\c"), Optional.empty(),
                Optional.of(new BuildFailedException(Stage.BOOTSTRAP, "tab\there", List.of("bell\u0007 cr\r \u2028 é"))),
                Duration.ZERO, Map.of(), Map.of())), Duration.ZERO);

        String json = result.toJson();

        assertThat(json).contains("\"work_directory\":\"/w/a\\\"b\\\\c\"");
        assertThat(json).contains("\"last_output\":[\"bell\\u0007 cr\\r \\u2028 é\"]");
        assertThat(json).contains("\"message\":\"tab\\there\\nLast lines of output:\\n  bell\\u0007 cr\\r \\u2028 é\"");
        assertThat(json.chars().filter(c -> c < 0x20)).isEmpty();
    }
}
