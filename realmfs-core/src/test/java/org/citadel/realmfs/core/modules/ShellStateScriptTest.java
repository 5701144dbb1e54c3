package org.citadel.realmfs.core.modules;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The runtime's shell state capture and restore, run by bash on the host: a "cold" shell sources
 * the runtime and a prelude, marks its state, runs what a pre-install module would and captures the
 * state; a "restored" shell sources the runtime and the same or a changed prelude and then the
 * captured state. Both then print what a post-install module would see.
 */
class ShellStateScriptTest {
    private static final String PRELUDE = """
            prelude_var=kept
            greet() { echo "hello from the prelude"; }
            post_only() { echo "post-install function, first version"; }
            """;
    private static final String PRE_INSTALL_MODULE = """
            export EXPORTED="a b"
            plain=$'two\\nlines with "quotes" and $dollars'
            declare -a list=(1 "two words" $'th\\nree')
            declare -A map=([k1]=v1 ["key 2"]="v 2")
            declare -i count=41; count+=1
            declare -rx FIXED=constant
            unset prelude_var
            greet() { echo "hello from a pre-install module"; }
            helper() { echo "helper got $1"; }
            shopt -s nullglob
            set -o pipefail
            cd /tmp
            """;
    private static final String WHAT_POST_INSTALL_SEES = """
            declare -p EXPORTED plain list map count FIXED
            declare -p prelude_var 2>/dev/null || echo "prelude_var: not found"
            env | grep -E '^(EXPORTED|plain)=' | sort
            greet; helper x; post_only
            shopt nullglob; set -o | grep pipefail; pwd
            """;

    @TempDir
    Path dir;

    @BeforeEach
    void writeRuntime() throws IOException {
        Files.writeString(dir.resolve("runtime.sh"), ShellRuntime.runtimeScript());
    }

    private record Run(int exitCode, String output) {
    }

    private Run bash(String script) throws IOException, InterruptedException {
        Process process = new ProcessBuilder("bash", "--noprofile", "--norc", "-c", "set -e\n. ./runtime.sh\n"
                + script.replace("state.sh", dir.resolve("state.sh").toString()).replace("refused.txt", dir.resolve("refused.txt").toString()))
                .directory(dir.toFile()).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        return new Run(process.waitFor(), output);
    }

    private Run cold(String prelude, String preInstall) throws Exception {
        return bash(prelude + "__realmfs_mark_state\n" + preInstall
                + "\n__realmfs_capture_state state.sh refused.txt\n" + WHAT_POST_INSTALL_SEES);
    }

    private Run restored(String prelude) throws Exception {
        return bash(prelude + ". state.sh\n" + WHAT_POST_INSTALL_SEES);
    }

    @Test
    void aRestoredShellSeesWhatTheColdShellSawAfterThePreInstallModules() throws Exception {
        Run cold = cold(PRELUDE, PRE_INSTALL_MODULE);
        Run restored = restored(PRELUDE);

        assertThat(dir.resolve("refused.txt")).isEmptyFile();
        assertThat(cold.exitCode()).isZero();
        assertThat(cold.output()).contains("declare -x EXPORTED=\"a b\"", "declare -a list=([0]=\"1\" [1]=\"two words\"",
                "declare -i count=\"42\"", "declare -rx FIXED=\"constant\"", "prelude_var: not found",
                "hello from a pre-install module", "helper got x", "nullglob       \ton", "pipefail       \ton", "/tmp\n");
        assertThat(restored).isEqualTo(cold);
    }

    @Test
    void theStateHoldsOnlyWhatThePreInstallModulesChangedNotBashsOwnVariablesOrThePreludesFunctions() throws Exception {
        cold(PRELUDE, PRE_INSTALL_MODULE);

        String state = Files.readString(dir.resolve("state.sh"));
        assertThat(state).contains("declare -gx EXPORTED=", "unset -v prelude_var", "helper ()", "greet ()",
                "shopt -s nullglob", "set -o pipefail", "cd -- /tmp");
        assertThat(state).doesNotContain("post_only", "BASH", "PPID", "SHLVL", "RANDOM", "LINENO", "PIPESTATUS",
                "FUNCNAME", "OLDPWD", "__realmfs", "REALMFS_MODULE", "shopt -u", "errexit");
    }

    @Test
    void aPostInstallFunctionChangedInThePreludeIsTheNewOneAfterTheRestore() throws Exception {
        cold(PRELUDE, PRE_INSTALL_MODULE);

        Run restored = restored(PRELUDE.replace("first version", "second version"));

        assertThat(restored.output()).contains("post-install function, second version", "hello from a pre-install module");
    }

    @Test
    void nothingChangedMeansAnEmptyState() throws Exception {
        cold(PRELUDE, "true");

        assertThat(Files.readString(dir.resolve("state.sh"))).isEmpty();
    }

    @Test
    void aRunningBackgroundJobAnOpenFileDescriptorAndATrapAreRefusedWithTheirReasons() throws Exception {
        Run run = bash(PRELUDE + "__realmfs_mark_state\nsleep 30 &\nexec 7>/dev/null\ntrap 'echo bye' EXIT\n"
                + "__realmfs_capture_state state.sh refused.txt\necho still running\n"
                + "trap - EXIT\nkill %1\n");

        assertThat(run.output()).isEqualTo("still running\n");
        assertThat(dir.resolve("state.sh")).isEmptyFile();
        assertThat(Files.readString(dir.resolve("refused.txt")).lines())
                .satisfiesExactly(
                        job -> assertThat(job).startsWith("a background job is still running (process "),
                        trap -> assertThat(trap).isEqualTo("a trap is set (trap -- 'echo bye' EXIT)"),
                        fd -> assertThat(fd).startsWith("a file descriptor was left open (open: ").contains(" 7"));
    }

    @Test
    void aFinishedBackgroundJobAndAClosedDescriptorAreNoObstacle() throws Exception {
        Run run = bash(PRELUDE + "__realmfs_mark_state\nsleep 0 &\nwait\nexec 7>/dev/null\nexec 7>&-\n"
                + "__realmfs_capture_state state.sh refused.txt\n");

        assertThat(run.exitCode()).isZero();
        assertThat(dir.resolve("refused.txt")).isEmptyFile();
    }
}
