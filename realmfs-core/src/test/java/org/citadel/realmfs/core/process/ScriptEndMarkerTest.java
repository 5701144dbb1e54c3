package org.citadel.realmfs.core.process;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

class ScriptEndMarkerTest {
    private final List<String> lines = new ArrayList<>();
    private final ScriptEndMarker marker = new ScriptEndMarker(lines::add);

    @Test
    void passesOrdinaryLinesOnAndSwallowsTheMarker() {
        marker.accept("hello");
        marker.accept(marker.text());
        marker.awaitNext();

        assertThat(lines).containsExactly("hello");
    }

    @Test
    void splitsTheMarkerOffAnUnterminatedLastLine() {
        marker.accept("no newline" + marker.text());
        marker.awaitNext();

        assertThat(lines).containsExactly("no newline");
    }

    @Test
    void eachSessionHasItsOwnMarker() {
        assertThat(new ScriptEndMarker(lines::add).text()).isNotEqualTo(marker.text()).matches("\\w+");
    }
}
