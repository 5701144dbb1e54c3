package org.citadel.realmfs.core.modules;

import java.util.List;
import java.util.Optional;

/**
 * What the pre-install modules left in the build's shell session, for a restored package layer to
 * carry over to the post-install session: bash code re-creating it, or why it cannot be carried over.
 *
 * @param script bash code that re-creates the state in a session started from the same runtime and
 *        prelude (empty when the pre-install modules changed nothing, or no shell module ran)
 * @param refusals why the state cannot be carried over (a running background job, an open file
 *        descriptor, a trap), one reason each; empty when it can
 */
public record ShellState(String script, List<String> refusals) {
    public static final ShellState NONE = new ShellState("", List.of());

    public ShellState {
        refusals = List.copyOf(refusals);
        if (!refusals.isEmpty() && !script.isEmpty()) {
            throw new IllegalArgumentException("A refused shell state has no script");
        }
    }

    /** Why the state cannot be carried over, all reasons in one sentence; empty when it can. */
    public Optional<String> refusal() {
        return refusals.isEmpty() ? Optional.empty() : Optional.of(String.join("; ", refusals));
    }
}
