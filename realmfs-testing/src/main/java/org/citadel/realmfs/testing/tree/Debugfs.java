package org.citadel.realmfs.testing.tree;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * e2fsprogs' {@code debugfs}, read-only (no {@code -w}), on an ext4 image file. It reads the
 * filesystem's structures from the file with libext2fs, in user space: no mount, no loop device,
 * so no root is needed, only read access to the file, and the image cannot be changed.
 */
final class Debugfs {
    private static final List<Path> SEARCH = List.of(Path.of("/usr/sbin/debugfs"), Path.of("/sbin/debugfs"),
            Path.of("/usr/bin/debugfs"));

    private final Path image;
    private final String spec;

    /** @param byteOffset where the ext4 starts in the file (a RealmFS image's data is after its 4096-byte header) */
    Debugfs(Path image, long byteOffset) {
        this.image = image;
        this.spec = byteOffset == 0 ? image.toString() : image + "?offset=" + byteOffset;
    }

    Path image() {
        return image;
    }

    /** Runs {@code commands} in one debugfs session; each command's output, in order. */
    List<String> session(List<String> commands) throws IOException {
        StringBuilder script = new StringBuilder();
        commands.forEach(c -> script.append(c).append('\n'));
        String out = new String(run(List.of("-f", "-", spec), script.toString()), StandardCharsets.UTF_8);
        List<String> outputs = new ArrayList<>(commands.size());
        int from = 0;
        for (int i = 0; i < commands.size(); i++) {
            String marker = "debugfs: " + commands.get(i) + "\n";
            int start = out.indexOf(marker, from);
            if (start < 0) {
                throw new IOException("debugfs did not run '" + commands.get(i) + "' on " + image);
            }
            start += marker.length();
            int end = i + 1 < commands.size() ? out.indexOf("debugfs: " + commands.get(i + 1) + "\n", start) : out.length();
            if (end < 0) {
                throw new IOException("debugfs did not run '" + commands.get(i + 1) + "' on " + image);
            }
            outputs.add(out.substring(start, end));
            from = end;
        }
        return outputs;
    }

    /** The bytes of the regular file or slow symlink at {@code path}. */
    byte[] cat(String path) throws IOException {
        return run(List.of("-R", "cat " + quote(path), spec), "");
    }

    static String quote(String path) {
        if (path.contains("\"") || path.contains("\n")) {
            throw new UnreadableRootfsException("debugfs cannot name the path " + path
                    + ": it holds a double quote or a newline");
        }
        return "\"" + path + "\"";
    }

    private byte[] run(List<String> arguments, String stdin) throws IOException {
        List<String> command = new ArrayList<>();
        command.add(executable().toString());
        command.addAll(arguments);
        Path errors = Files.createTempFile("realmfs-testing-debugfs-", ".err");
        try {
            ProcessBuilder pb = new ProcessBuilder(command).redirectError(errors.toFile());
            pb.environment().put("DEBUGFS_PAGER", "__none__");
            pb.environment().put("PAGER", "__none__");
            Process process = pb.start();
            CompletableFuture<Void> feeding = CompletableFuture.runAsync(() -> feed(process.getOutputStream(), stdin));
            byte[] out;
            try (InputStream in = process.getInputStream()) {
                out = in.readAllBytes();
            }
            feeding.join();
            int exit = process.waitFor();
            String err = Files.readString(errors);
            if (exit != 0 || err.contains("while trying to open") || err.contains("while opening filesystem")) {
                throw new IOException("debugfs could not read " + image + " (exit " + exit + "): " + err.strip());
            }
            return out;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("Interrupted while debugfs read " + image, e);
        } finally {
            Files.deleteIfExists(errors);
        }
    }

    private static void feed(OutputStream stdin, String text) {
        try (stdin) {
            stdin.write(text.getBytes(StandardCharsets.UTF_8));
        } catch (IOException ignored) {
            // debugfs ended early; its exit status and error output say why.
        }
    }

    private static Path executable() {
        return SEARCH.stream().filter(Files::isExecutable).findFirst().orElseThrow(() -> new UnreadableRootfsException(
                "Reading an ext4 or RealmFS image needs debugfs, which is not installed: apt-get install e2fsprogs"
                        + " (bin/install-host-tools installs it)"));
    }
}
