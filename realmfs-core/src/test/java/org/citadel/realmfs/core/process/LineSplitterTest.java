package org.citadel.realmfs.core.process;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

class LineSplitterTest {
    private final List<String> lines = new ArrayList<>();
    private final LineSplitter splitter = new LineSplitter(lines::add);

    private void feed(String text) {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        splitter.accept(bytes, bytes.length);
    }

    @Test
    void splitsOnNewlinesAndDropsCarriageReturnsBeforeThem() {
        feed("one\ntwo\r\n\nthree");

        assertThat(lines).containsExactly("one", "two", "");
    }

    @Test
    void joinsALineSplitAcrossReadsEvenInsideAMultiByteCharacter() {
        byte[] bytes = "grüße\n".getBytes(StandardCharsets.UTF_8);
        splitter.accept(bytes, 3); // ends in the middle of ü
        splitter.accept(java.util.Arrays.copyOfRange(bytes, 3, bytes.length), bytes.length - 3);

        assertThat(lines).containsExactly("grüße");
    }

    @Test
    void deliversAnUnterminatedLastLineOnFinish() {
        feed("done\npartial");
        splitter.finish();
        splitter.finish();

        assertThat(lines).containsExactly("done", "partial");
    }

    @Test
    void replacesInvalidUtf8InsteadOfFailing() {
        splitter.accept(new byte[] {'a', (byte) 0xff, 'b', '\n'}, 4);

        assertThat(lines).containsExactly("a\uFFFDb");
    }
}
