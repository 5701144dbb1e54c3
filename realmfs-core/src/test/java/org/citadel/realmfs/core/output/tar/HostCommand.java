package org.citadel.realmfs.core.output.tar;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;

/** Runs a host tool for a test and returns its standard output; fails the test if it fails. */
final class HostCommand {

    private HostCommand() {
    }

    static String run(String... argv) {
        try {
            Process process = new ProcessBuilder(List.of(argv)).redirectErrorStream(true).start();
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            int exit = process.waitFor();
            if (exit != 0) {
                throw new AssertionError(String.join(" ", argv) + " exited with " + exit + ":\n" + output);
            }
            return output;
        } catch (IOException e) {
            throw new AssertionError("cannot run " + argv[0], e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted running " + argv[0], e);
        }
    }
}
