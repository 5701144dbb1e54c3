package org.citadel.realmfs.testing;

import org.assertj.core.api.AbstractAssert;
import org.citadel.realmfs.api.CitadelHostKey;
import org.citadel.realmfs.api.RealmfsImageOutput;
import org.citadel.realmfs.testing.image.RealmfsImage;
import org.citadel.realmfs.testing.tree.RootfsTree;

/** Assertions on a RealmFS image file: header, signature, the whole check Citadel makes, and the rootfs inside. */
public final class RealmfsImageAssert extends AbstractAssert<RealmfsImageAssert, RealmfsImage> {
    RealmfsImageAssert(RealmfsImage actual) {
        super(actual, RealmfsImageAssert.class);
    }

    /**
     * A {@code dev} image passes every check Citadel makes before it activates it, with Citadel's
     * development key: name rule, signature, layout, sha256 and verity root of the data. For
     * another channel, use {@link #isValidFor(String)} with the channel's public key.
     */
    public RealmfsImageAssert isValid() {
        isNotNull();
        if (!actual.channel().equals(RealmfsImageOutput.DEV_CHANNEL)) {
            failWithMessage("%s", actual.file() + " is a '" + actual.channel() + "' image, which Citadel checks with"
                    + " that channel's key: use isValidFor(publicKeyHex) (BuildResult.hostKeys() has it)");
        }
        return isValidFor(RealmfsImage.developmentPublicKeyHex());
    }

    /** The image passes every check Citadel makes, against the public key {@code publicKeyHex}. */
    public RealmfsImageAssert isValidFor(String publicKeyHex) {
        isNotNull();
        RealmfsImage.Verification v = actual.verify(publicKeyHex);
        if (!v.isValid()) {
            failWithMessage("%s", "Expected " + actual.file() + " to be a valid RealmFS image, but: "
                    + String.join("; ", v.problems()) + "\nits metainfo:\n" + actual.metainfoText());
        }
        return this;
    }

    /** The header's verity root is the one computed over the data (Citadel checks the data against it). */
    public RealmfsImageAssert hasVerifiedVerityRoot() {
        isNotNull();
        String computed = actual.computedVerityRoot();
        if (!computed.equals(actual.verityRoot())) {
            failWithMessage("%s", "Expected the verity root of " + actual.file() + " to match its data, but the header"
                    + " records " + actual.verityRoot() + " and the data gives " + computed);
        }
        return this;
    }

    /** The header's signature verifies with the public key {@code publicKeyHex} (64 hex digits). */
    public RealmfsImageAssert isSignedBy(String publicKeyHex) {
        isNotNull();
        if (!actual.isSignedBy(publicKeyHex)) {
            failWithMessage("%s", "Expected " + actual.file() + " signed by the key " + publicKeyHex + ", but its"
                    + " signature does not verify with it" + (actual.isSignedBy(RealmfsImage.developmentPublicKeyHex())
                    ? " (it is signed with Citadel's development key)" : ""));
        }
        return this;
    }

    /** The header's signature verifies with the key a Citadel host is configured with for its channel. */
    public RealmfsImageAssert isSignedBy(CitadelHostKey key) {
        return hasChannel(key.channel()).isSignedBy(key.publicKeyHex());
    }

    /** Signed with Citadel's published development key, the only key Citadel accepts for {@code dev}. */
    public RealmfsImageAssert isSignedByDevelopmentKey() {
        return isSignedBy(RealmfsImage.developmentPublicKeyHex());
    }

    public RealmfsImageAssert hasName(String name) {
        return hasField("realmfs-name", name, actual.name());
    }

    public RealmfsImageAssert hasChannel(String channel) {
        return hasField("channel", channel, actual.channel());
    }

    public RealmfsImageAssert hasVersion(long version) {
        return hasField("version", String.valueOf(version), String.valueOf(actual.version()));
    }

    /** Assertions on the rootfs inside the image (read with debugfs; no mount). */
    public RootfsAssert rootfs() {
        isNotNull();
        return new RootfsAssert(RootfsTree.open(actual.file()));
    }

    private RealmfsImageAssert hasField(String field, String expected, String found) {
        isNotNull();
        if (!expected.equals(found)) {
            failWithMessage("%s", "Expected " + actual.file() + " to have " + field + " " + expected + ", but its"
                    + " metainfo has " + found + ":\n" + actual.metainfoText());
        }
        return this;
    }
}
