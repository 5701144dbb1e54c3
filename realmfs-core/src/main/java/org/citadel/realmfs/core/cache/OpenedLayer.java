package org.citadel.realmfs.core.cache;

import java.io.IOException;
import java.io.InputStream;

/**
 * A stored layer whose tar is open for reading: a build that evicts or replaces the layer meanwhile
 * deletes only the names, and this build goes on reading the files it opened, whole.
 */
record OpenedLayer(StoredLayer layer, InputStream tar) implements AutoCloseable {
    @Override
    public void close() {
        try {
            tar.close();
        } catch (IOException e) {
            // a file opened for reading: nothing was lost
        }
    }
}
