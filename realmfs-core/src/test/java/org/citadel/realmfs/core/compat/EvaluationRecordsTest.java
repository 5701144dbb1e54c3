package org.citadel.realmfs.core.compat;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class EvaluationRecordsTest {

    private static byte[] records(String... fields) {
        return (String.join("\0", fields) + "\0").getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void thePreludeHoldsWhatChangedAndNothingBashKeepsChangingItself() {
        EvaluationRecords records = EvaluationRecords.parse(records(
                "VB", "HOME", "declare -x HOME=\"/root\"",
                "VB", "LINENO", "declare -- LINENO=\"3\"",
                "FB", "info", "info () \n{ \n    echo old\n}",
                "FB", "warn", "warn () \n{ \n    echo warn\n}",
                "L", "PACKAGES", "vim tmux",
                "VA", "HOME", "declare -x HOME=\"/root\"",
                "VA", "LINENO", "declare -- LINENO=\"30\"",
                "VA", "PACKAGES", "declare -- PACKAGES=\"vim tmux\"",
                "VA", "LIST", "declare -ax LIST=([0]=\"a\")",
                "VA", "EMPTY", "declare -- EMPTY",
                "FA", "info", "info () \n{ \n    echo new\n}",
                "FA", "warn", "warn () \n{ \n    echo warn\n}",
                "FA", "greet", "greet () \n{ \n    echo hi\n}",
                "E", "", ""));

        EvaluatedConfig config = records.toConfig();

        assertThat(records.complete()).isTrue();
        assertThat(config.prelude()).isEqualTo("""
                declare -g PACKAGES="vim tmux"
                declare -gax LIST=([0]="a")
                declare -g EMPTY
                info () \n{ \n    echo new
                }
                greet () \n{ \n    echo hi
                }
                """);
        assertThat(config.functions()).containsExactlyInAnyOrder("info", "greet");
        assertThat(config.words("PACKAGES")).containsExactly("vim", "tmux");
    }

    @Test
    void aReportWithoutItsEndIsIncomplete() {
        assertThat(EvaluationRecords.parse(records("VB", "X", "declare -- X=\"1\"")).complete()).isFalse();
        assertThat(EvaluationRecords.parse(new byte[0]).complete()).isFalse();
    }
}
