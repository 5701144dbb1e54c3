package org.citadel.realmfs.core.linux;

import java.io.File;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;

import jnr.constants.platform.Errno;
import jnr.posix.POSIXHandler;

/**
 * What jnr-posix does when one of its convenience methods fails: throw a {@link NativeCallException}
 * like every other native call here. It never exits the process and never writes to stdout or
 * stderr. Kernel calls the errno-returning forms and words its own messages; this handler only
 * keeps a convenience form used by mistake from printing or exiting.
 */
final class PosixErrorHandler implements POSIXHandler {
    private static final PrintStream DISCARD = new PrintStream(OutputStream.nullOutputStream());

    @Override
    public void error(Errno error, String call) {
        throw new NativeCallException(call, error.name(), error.description());
    }

    @Override
    public void error(Errno error, String call, String path) {
        throw new NativeCallException(call + " " + path, error.name(), error.description());
    }

    @Override
    public void unimplementedError(String call) {
        throw new NativeCallException(call, "ENOSYS", "not implemented by jnr-posix");
    }

    @Override
    public void warn(WARNING_ID id, String message, Object... data) {
        // deliberately silent: a library writes nothing to stderr of the embedding program
    }

    @Override
    public boolean isVerbose() {
        return false;
    }

    @Override
    public File getCurrentWorkingDirectory() {
        return new File(System.getProperty("user.dir"));
    }

    @Override
    public String[] getEnv() {
        return new String[0]; // used only by jnr-posix's own exec and spawn, which are not used
    }

    @Override
    public InputStream getInputStream() {
        return InputStream.nullInputStream();
    }

    @Override
    public PrintStream getOutputStream() {
        return DISCARD;
    }

    @Override
    public int getPID() {
        return (int) ProcessHandle.current().pid();
    }

    @Override
    public PrintStream getErrorStream() {
        return DISCARD;
    }
}
