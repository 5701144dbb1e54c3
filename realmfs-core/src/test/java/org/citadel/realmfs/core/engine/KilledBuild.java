package org.citadel.realmfs.core.engine;

import java.nio.file.Path;
import java.util.List;
import org.citadel.realmfs.api.BuildCancellation;
import org.citadel.realmfs.api.BuildCancelledException;
import org.citadel.realmfs.api.BuildEvent;
import org.citadel.realmfs.api.BuildOptions;
import org.citadel.realmfs.api.Output;
import org.citadel.realmfs.api.RealmfsBuild;
import sun.misc.Signal;

/**
 * The JVM {@link BuildKillIT} kills: a real build (the minbase recipe with one package) that prints
 * its stages, messages and command output on standard output, one per line, so the test knows where
 * the build is. SIGTERM cancels the build, as an embedder's handler would; the JVM then exits 143.
 *
 * <p>Arguments: the work directory, then any of {@value #SLEEPING_MODULE} (a post-install module that
 * sleeps), {@value #ON_DISK} (no tmpfs), {@value #EXT4} (write {@code <work>/realmfs.ext4} and keep no
 * rootfs; without it the rootfs is kept, as the command does).
 */
public final class KilledBuild {
    static final String SLEEP_SECONDS = "1000.007";
    static final String MARKER = "realmfs-kill-test: sleeping";
    static final String SLEEPING_MODULE = "sleeping-module";
    static final String ON_DISK = "on-disk";
    static final String EXT4 = "ext4";
    static final String SUCCEEDED = "build succeeded";
    static final String CANCELLED = "build cancelled during ";

    private KilledBuild() {
    }

    public static void main(String[] args) {
        Path work = Path.of(args[0]);
        List<String> flags = List.of(args).subList(1, args.length);
        RealmfsBuild.Builder recipe = RealmfsBuild.builder().packages("less");
        if (flags.contains(SLEEPING_MODULE)) {
            recipe.postModule("sleep-forever", "echo '" + MARKER + "'\nsleep " + SLEEP_SECONDS);
        }
        BuildCancellation cancellation = new BuildCancellation();
        Signal.handle(new Signal("TERM"), signal -> cancellation.cancel("SIGTERM"));
        BuildOptions.Builder options = ItSupport.options()
                .useTmpfs(!flags.contains(ON_DISK))
                .keepRootfs(!flags.contains(EXT4))
                .cancellation(cancellation)
                .listener(KilledBuild::print);
        if (flags.contains(EXT4)) {
            options.output(Output.ext4(work.resolve("realmfs.ext4")));
        }
        try {
            recipe.build().run(work, options.build());
            println(SUCCEEDED);
            System.exit(0);
        } catch (BuildCancelledException e) {
            println(CANCELLED + e.stage().map(Enum::name).orElse("none"));
            System.exit(143);
        }
    }

    private static void print(BuildEvent event) {
        if (event instanceof BuildEvent.CommandOutput output) {
            println("output " + output.stage() + " " + output.line());
        } else if (event instanceof BuildEvent.StageStarted started) {
            println("stage " + started.stage());
        } else if (event instanceof BuildEvent.Message message) {
            println("message " + message.text());
        }
    }

    private static void println(String line) {
        System.out.println(line);
        System.out.flush();
    }
}
