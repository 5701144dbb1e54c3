package org.citadel.realmfs.testing;

import org.citadel.realmfs.testing.tree.RootfsTree;

/** Assertions on a {@link RootfsTree}; entry point {@link RealmfsAssertions#assertThat(RootfsTree)}. */
public final class RootfsAssert extends AbstractRootfsAssert<RootfsAssert, RootfsTree> {
    RootfsAssert(RootfsTree actual) {
        super(actual, RootfsAssert.class);
    }

    @Override
    protected RootfsTree tree() {
        return actual;
    }
}
