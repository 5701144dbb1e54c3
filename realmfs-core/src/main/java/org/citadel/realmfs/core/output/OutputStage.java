package org.citadel.realmfs.core.output;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.citadel.realmfs.api.BuildEvent;
import org.citadel.realmfs.api.InvalidRecipeException;
import org.citadel.realmfs.api.Output;
import org.citadel.realmfs.api.Stage;
import org.citadel.realmfs.api.TarOutput;
import org.citadel.realmfs.core.host.HostRequirements;
import org.citadel.realmfs.core.output.tar.RootfsTarWriter;
import org.citadel.realmfs.core.process.Command;
import org.citadel.realmfs.core.stage.StageContext;

/** Writes each output the options ask for, from the finished rootfs. */
public final class OutputStage {

    public Map<Output, Path> run(StageContext context) {
        Map<Output, Path> written = new LinkedHashMap<>();
        for (Output output : context.options().outputs()) {
            Path path = write(context, output);
            written.put(output, path);
            context.events().onEvent(new BuildEvent.OutputWritten(output.kind(), path));
        }
        return written;
    }

    private Path write(StageContext context, Output output) {
        try {
            Files.createDirectories(output.path().toAbsolutePath().getParent());
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot create the directory of the output " + output.path(), e);
        }
        if (output instanceof TarOutput tar) {
            return writeTar(context, tar);
        }
        throw new InvalidRecipeException("Output kind '" + output.kind() + "' (" + output.getClass().getName()
                + ") is not supported by this engine");
    }

    private Path writeTar(StageContext context, TarOutput tar) {
        Path rootfs = context.work().rootfs();
        if (tar.compression() == TarOutput.Compression.NONE) {
            new RootfsTarWriter().writeTo(rootfs, tar.path());
            return tar.path();
        }
        Path xz = HostRequirements.requireTool("xz", "xz-utils");
        try (AtomicOutputFile plain = new AtomicOutputFile(tar.path().resolveSibling(tar.path().getFileName() + ".tar"));
             AtomicOutputFile compressed = new AtomicOutputFile(tar.path())) {
            try (OutputStream out = Files.newOutputStream(plain.temporary())) {
                new RootfsTarWriter().write(rootfs, out);
            } catch (IOException e) {
                throw new UncheckedIOException("Cannot write " + plain.temporary(), e);
            }
            context.commands().require(Stage.WRITE_OUTPUTS, "xz compression of " + tar.path(),
                    Command.host(xz.toString(), "-T0", "-6", "--stdout", plain.temporary().toString())
                            .withStdout(compressed.temporary()));
            return compressed.commit();
        }
    }
}
