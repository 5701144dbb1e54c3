package org.citadel.realmfs.core.output.image;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;

/** Runs a host tool for a test and returns what it printed; a non-zero exit fails the test. */
public final class HostTool {
    private HostTool() {
    }

    public static String run(String... argv) {
        Result result = tryRun(argv);
        if (result.exitCode() != 0) {
            throw new AssertionError(String.join(" ", argv) + " exited with " + result.exitCode() + ":\n" + result.output());
        }
        return result.output();
    }

    public static Result tryRun(String... argv) {
        try {
            Process process = new ProcessBuilder(List.of(argv)).redirectErrorStream(true).start();
            process.getOutputStream().close();
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            return new Result(process.waitFor(), output);
        } catch (IOException e) {
            throw new AssertionError("Could not run " + argv[0], e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    public record Result(int exitCode, String output) {
    }
}
