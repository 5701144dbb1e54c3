package org.citadel.realmfs.core.process;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.function.Function;

import org.citadel.realmfs.core.sandbox.Sandbox;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ShellSessionIT {
    private static final Command BASH = Command.host("/bin/bash", "--noprofile", "--norc");

    @TempDir
    Path temp;

    private Sandbox sandbox;
    private final List<String> lines = Collections.synchronizedList(new ArrayList<>());

    @BeforeEach
    void openSandbox() {
        sandbox = Sandbox.open("shell-session-it");
    }

    @AfterEach
    void closeSandbox() {
        if (sandbox != null) {
            sandbox.close();
        }
    }

    private <T> T withSession(Command shell, Function<ShellSession, T> body) {
        return sandbox.call(() -> {
            try (ShellSession session = ShellSession.start(sandbox.spawner(), shell, lines::add)) {
                return body.apply(session);
            }
        });
    }

    @Test
    void aVariableExportedByOneScriptIsSeenByTheNextAndByItsCommands() {
        ScriptResult second = withSession(BASH, session -> {
            session.runScript("first", "export X=from-first; Y=not-exported");
            return session.runScript("second", "echo \"$X $Y\"; sh -c 'echo \"child sees $X and [$Y]\"'");
        });

        assertThat(second).isEqualTo(new ScriptResult("second", 0, false));
        assertThat(lines).containsExactly("from-first not-exported", "child sees from-first and []");
    }

    @Test
    void reportsEachScriptsStatusAndKeepsGoingAfterAFailure() {
        List<ScriptResult> results = withSession(BASH, session -> List.of(
                session.runScript("fails", "false"),
                session.runScript("returns 7", "(exit 7)"),
                session.runScript("succeeds", "true")));

        assertThat(results).extracting(ScriptResult::exitCode).containsExactly(1, 7, 0);
        assertThat(results).extracting(ScriptResult::shellEnded).containsOnly(false);
    }

    @Test
    void aFailureUnderSetEEndsTheShellAndIsReportedAsTheScriptsFailure() {
        List<Object> outcome = withSession(BASH, session -> {
            ScriptResult failed = session.runScript("strict", "set -e; echo before; false; echo never");
            Throwable next = null;
            try {
                session.runScript("after", "echo unreachable");
            } catch (IllegalStateException e) {
                next = e;
            }
            return List.of(failed, next);
        });

        assertThat(outcome.get(0)).isEqualTo(new ScriptResult("strict", 1, true));
        assertThat((Throwable) outcome.get(1)).hasMessageContaining("during script 'strict'");
        assertThat(lines).containsExactly("before");
    }

    @Test
    void anExitInAScriptReportsTheShellsExitCode() {
        ScriptResult result = withSession(BASH, session -> session.runScript("exits", "exit 3"));

        assertThat(result).isEqualTo(new ScriptResult("exits", 3, true));
    }

    @Test
    void everyLineOfAScriptIsDeliveredBeforeRunScriptReturns() {
        List<Integer> linesSeenAfterEachScript = withSession(BASH, session -> {
            List<Integer> counts = new ArrayList<>();
            for (int script = 1; script <= 20; script++) {
                session.runScript("script " + script, "for i in $(seq 1 100); do echo $i; done; printf 'no newline'");
                counts.add(lines.size());
            }
            return counts;
        });

        assertThat(linesSeenAfterEachScript).first().isEqualTo(101);
        assertThat(linesSeenAfterEachScript).last().isEqualTo(20 * 101);
        assertThat(lines).filteredOn(line -> line.equals("no newline")).hasSize(20);
    }

    @Test
    void scriptsReadEndOfFileFromStdinAndCannotSeeTheSessionsPipes() {
        withSession(BASH, session -> {
            session.runScript("reads stdin", "cat; echo read done");
            session.runScript("looks at fds", "ls /proc/self/fd | sort -n | tr '\\n' ' '; echo");
            return null;
        });

        assertThat(lines).containsExactly("read done", "0 1 2 3 ");
    }

    @Test
    void aScriptWithSyntaxErrorsFailsWithoutEndingTheSession() {
        List<ScriptResult> results = withSession(BASH, session -> List.of(
                session.runScript("broken", "if then fi {"),
                session.runScript("fine", "echo still here")));

        assertThat(results.get(0).exitCode()).isEqualTo(2);
        assertThat(results.get(0).shellEnded()).isFalse();
        assertThat(results.get(1).succeeded()).isTrue();
        assertThat(lines).contains("still here");
    }

    @Test
    void aSessionCanRunChrootedInARoot() throws IOException {
        Path root = BusyboxRoot.create(temp.resolve("root"));
        Command busyboxSh = Command.inRoot(root, List.of("/bin/sh"));

        // busybox sh stands in for bash here: the protocol uses only read -d, eval and printf.
        ScriptResult result = withSession(busyboxSh, session -> {
            session.runScript("set", "export MARK=$(cat /etc/marker)");
            return session.runScript("use", "echo \"$MARK\"");
        });

        assertThat(result.succeeded()).isTrue();
        assertThat(lines).containsExactly(BusyboxRoot.MARKER);
    }

    @Test
    void rejectsAShellWhoseOutputGoesToAFile() {
        assertThatThrownBy(() -> withSession(BASH.withStdout(temp.resolve("out")), session -> null))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
