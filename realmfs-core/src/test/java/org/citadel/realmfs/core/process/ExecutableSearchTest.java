package org.citadel.realmfs.core.process;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

import org.junit.jupiter.api.Test;

class ExecutableSearchTest {
    @Test
    void aNameWithASlashIsTheOnlyCandidate() {
        assertThat(ExecutableSearch.candidates("./run", Map.of("PATH", "/bin"))).containsExactly("./run");
    }

    @Test
    void aBareNameIsLookedUpInTheCommandsPathInOrder() {
        assertThat(ExecutableSearch.candidates("apt-get", Map.of("PATH", "/usr/sbin:/usr/bin::/sbin")))
                .containsExactly("/usr/sbin/apt-get", "/usr/bin/apt-get", "apt-get", "/sbin/apt-get");
    }

    @Test
    void withoutPathTheDefaultOfExecvpApplies() {
        assertThat(ExecutableSearch.candidates("ls", Map.of())).containsExactly("/bin/ls", "/usr/bin/ls");
    }
}
