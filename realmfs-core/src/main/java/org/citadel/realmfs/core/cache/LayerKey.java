package org.citadel.realmfs.core.cache;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.citadel.realmfs.core.io.Sha256;

/**
 * What a layer's content depends on, as canonical text: one {@code label: value} line per input, in a
 * fixed order. Its SHA-256 names the layer; the text is stored with it, so that a later build can say
 * which input changed.
 */
public record LayerKey(LayerKind kind, List<String> lines) {

    public LayerKey {
        lines = List.copyOf(lines);
        for (String line : lines) {
            if (line.indexOf('\n') >= 0 || !line.contains(": ")) {
                throw new IllegalArgumentException("A layer key line must be one 'label: value' line: " + line);
            }
        }
    }

    /** Reads a key back from the text {@link #text()} made. */
    public static LayerKey parse(LayerKind kind, String text) {
        return new LayerKey(kind, text.isEmpty() ? List.of() : List.of(text.split("\n")));
    }

    public String text() {
        return lines.isEmpty() ? "" : String.join("\n", lines) + "\n";
    }

    /** The SHA-256 of the kind and the text, in hex. */
    public String digest() {
        return Sha256.hex((kind.label() + " layer\n" + text()).getBytes(StandardCharsets.UTF_8));
    }

    /** The first characters of {@link #digest()}, enough to tell layers apart in messages. */
    public String shortDigest() {
        return digest().substring(0, 12);
    }

    /** A key that extends this one with more lines, for a deeper layer. */
    public LayerKey extendedTo(LayerKind deeper, List<String> more) {
        List<String> all = new ArrayList<>(lines);
        all.addAll(more);
        return new LayerKey(deeper, all);
    }
}
