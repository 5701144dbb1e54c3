package org.citadel.realmfs.testing;

import java.util.List;
import org.citadel.realmfs.api.BuildEvent;

/** What a build's messages said about the layer cache, for failure messages. */
final class LayerMessages {
    private LayerMessages() {
    }

    static List<String> of(TestBuild build) {
        return build.events().stream().filter(e -> e instanceof BuildEvent.Message)
                .map(e -> ((BuildEvent.Message) e).text()).filter(t -> t.contains("layer")).toList();
    }
}
