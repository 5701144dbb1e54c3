package org.citadel.realmfs.core.output.tar;

/** A tar entry would be written, or link to, outside the directory being restored. */
public class UnsafeTarEntryException extends RootfsTarException {
    private static final long serialVersionUID = 1L;

    public UnsafeTarEntryException(String message) {
        super(message);
    }
}
