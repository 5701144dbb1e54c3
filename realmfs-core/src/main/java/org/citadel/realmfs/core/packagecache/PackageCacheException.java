package org.citadel.realmfs.core.packagecache;

import org.citadel.realmfs.api.RealmfsException;

/** The shared package cache, or a build's own directory in it, cannot be set up or cleared. */
public final class PackageCacheException extends RealmfsException {
    public PackageCacheException(String message, Throwable cause) {
        super(message, cause);
    }
}
