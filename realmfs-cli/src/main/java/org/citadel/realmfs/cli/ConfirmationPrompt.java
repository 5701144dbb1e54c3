package org.citadel.realmfs.cli;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.PrintWriter;
import java.util.List;
import java.util.Locale;

/** Shows what will be built and asks y/N; only "y" or "yes" builds. */
final class ConfirmationPrompt {
    private final BufferedReader in;
    private final PrintWriter out;

    ConfirmationPrompt(BufferedReader in, PrintWriter out) {
        this.in = in;
        this.out = out;
    }

    /**
     * @return whether the user answered yes
     * @throws UsageException when standard input ends before an answer (nobody there to ask)
     */
    boolean confirm(BuildParameters parameters) {
        out.println("realmfs-builder will build:");
        out.print(parameters.render());
        return ask("Build this image? [y/N] ");
    }

    /** The same for the builds of a batch, each shown as for one build, then one question for all. */
    boolean confirm(List<BuildParameters> batch) {
        out.println("realmfs-builder will build " + batch.size() + " images:");
        for (BuildParameters parameters : batch) {
            out.print(parameters.render());
            out.println();
        }
        return ask("Build these " + batch.size() + " images? [y/N] ");
    }

    private boolean ask(String question) {
        out.print(question);
        out.flush();
        String answer = readAnswer();
        if (answer == null) {
            out.println();
            throw new UsageException("No answer to the confirmation: standard input is closed. Run with"
                    + " --no-confirm to build without asking.");
        }
        String normalized = answer.trim().toLowerCase(Locale.ROOT);
        return normalized.equals("y") || normalized.equals("yes");
    }

    private String readAnswer() {
        try {
            return in.readLine();
        } catch (IOException e) {
            throw new UsageException("Cannot read the answer to the confirmation from standard input ("
                    + e.getMessage() + "). Run with --no-confirm to build without asking.", e);
        }
    }
}
