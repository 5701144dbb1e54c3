package org.citadel.realmfs.testing.boot;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.citadel.realmfs.api.HostRequirementException;
import org.citadel.realmfs.api.RealmfsException;

/**
 * Boots a rootfs directory with {@code systemd-nspawn --boot --volatile=overlay}: the container's
 * root is an overlay whose upper layer is a tmpfs, so the rootfs itself is never written. It asks
 * the container's systemd ({@code nsenter} into its namespaces, since nothing is registered with
 * machined) with {@code systemctl is-system-running} until it is up or the timeout passes, then
 * collects the failed units and the journal's last lines and powers the container off.
 *
 * <p>{@code --keep-unit --register=no}: the container runs in the caller's cgroup and is not
 * registered with systemd-machined, so it needs neither a system D-Bus nor systemd as the host's
 * init (CI containers and VMs often have neither).
 */
public final class BootCheck {
    private static final List<Path> NSPAWN = List.of(Path.of("/usr/bin/systemd-nspawn"), Path.of("/bin/systemd-nspawn"));
    private static final List<Path> NSENTER = List.of(Path.of("/usr/bin/nsenter"), Path.of("/bin/nsenter"));
    private static final int JOURNAL_LINES = 25;
    private static final long POLL_MILLIS = 200;
    private static final Duration ASK_TIMEOUT = Duration.ofSeconds(10);
    /** What {@code systemctl is-system-running} says once starting is over. */
    private static final Set<String> FINAL_STATES = Set.of("running", "degraded", "maintenance", "stopping");
    private static final Pattern UNIT = Pattern.compile(
            "[^\\s]+\\.(service|socket|target|mount|automount|swap|timer|path|slice|scope|device)\\b");

    private BootCheck() {
    }

    public static BootReport boot(Path rootfs, Duration timeout) {
        Path nspawn = find(NSPAWN, "systemd-nspawn", "systemd-container");
        Path nsenter = find(NSENTER, "nsenter", "util-linux");
        if (!Files.isDirectory(rootfs)) {
            throw new RealmfsException("Cannot boot " + rootfs + ": it is not a rootfs directory (keep the rootfs:"
                    + " RealmfsTestBuilds does)");
        }
        Path console = scratchFile();
        long start = System.nanoTime();
        Process container = start(nspawn, rootfs, console);
        try {
            return watch(container, nsenter, console, start, timeout);
        } finally {
            powerOff(container);
            try {
                Files.deleteIfExists(console);
            } catch (IOException ignored) {
                // A scratch file in the temporary directory.
            }
        }
    }

    private static BootReport watch(Process container, Path nsenter, Path console, long start, Duration timeout) {
        long deadline = start + timeout.toNanos();
        String state = "unknown";
        Optional<Long> leader = Optional.empty();
        while (System.nanoTime() < deadline && container.isAlive()) {
            leader = containerInit(container);
            if (leader.isPresent()) {
                Answer answer = ask(nsenter, leader.get(), "systemctl", "is-system-running");
                String said = answer.output().strip();
                // nsenter's own errors (the process went away meanwhile) and a bus not up yet mean: ask again.
                if (!said.isEmpty() && !said.startsWith("nsenter:") && !said.startsWith("Failed to")) {
                    state = said;
                }
                if (FINAL_STATES.contains(state)) {
                    break;
                }
            }
            sleep();
        }
        boolean timedOut = System.nanoTime() >= deadline;
        if (!container.isAlive()) {
            state = "exited (systemd-nspawn ended with status " + container.exitValue() + ")";
        }
        Duration took = Duration.ofNanos(System.nanoTime() - start);
        List<String> failed = new ArrayList<>();
        List<String> journal = new ArrayList<>();
        if (leader.isPresent() && container.isAlive()) {
            for (String line : ask(nsenter, leader.get(), "systemctl", "--failed", "--plain", "--no-legend",
                    "--no-pager").output().split("\n")) {
                Matcher unit = UNIT.matcher(line.strip());
                if (unit.lookingAt()) {
                    failed.add(unit.group());
                }
            }
            journal.addAll(ask(nsenter, leader.get(), "journalctl", "--no-pager", "-q", "-n",
                    String.valueOf(JOURNAL_LINES)).output().lines().toList());
        }
        return new BootReport(state, timedOut, failed, journal, lastLines(console), took);
    }

    /**
     * The container's init: the child of systemd-nspawn in another PID namespace than ours (nspawn
     * forks helpers in ours first, which come and go).
     */
    private static Optional<Long> containerInit(Process container) {
        Optional<Path> ours = pidNamespace(ProcessHandle.current().pid());
        return container.toHandle().children().map(ProcessHandle::pid)
                .filter(pid -> pidNamespace(pid).map(ns -> !ns.equals(ours.orElse(null))).orElse(false))
                .findFirst();
    }

    private static Optional<Path> pidNamespace(long pid) {
        try {
            return Optional.of(Files.readSymbolicLink(Path.of("/proc", String.valueOf(pid), "ns", "pid")));
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    private static Process start(Path nspawn, Path rootfs, Path console) {
        List<String> command = List.of(nspawn.toString(), "--quiet", "--keep-unit", "--register=no",
                "--directory=" + rootfs, "--volatile=overlay", "--console=read-only",
                "--machine=realmfs-test-" + UUID.randomUUID().toString().substring(0, 8), "--boot");
        try {
            return new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(console.toFile())
                    .redirectInput(ProcessBuilder.Redirect.PIPE).start();
        } catch (IOException e) {
            throw new RealmfsException("Cannot start " + String.join(" ", command) + ": " + e.getMessage(), e);
        }
    }

    /** Asks the container's init to power off (systemd-nspawn forwards SIGTERM as SIGRTMIN+3), then kills it. */
    private static void powerOff(Process container) {
        container.destroy();
        try {
            if (!container.waitFor(15, TimeUnit.SECONDS)) {
                container.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            container.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }

    private record Answer(int exit, String output) {
    }

    /** Runs {@code command} in the container's namespaces. */
    private static Answer ask(Path nsenter, long leader, String... command) {
        List<String> full = new ArrayList<>(List.of(nsenter.toString(), "--target", String.valueOf(leader), "--mount",
                "--uts", "--ipc", "--net", "--pid", "--"));
        full.addAll(List.of(command));
        try {
            Process p = new ProcessBuilder(full).redirectErrorStream(true).start();
            p.getOutputStream().close();
            byte[] out = p.getInputStream().readAllBytes();
            if (!p.waitFor(ASK_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
                p.destroyForcibly();
                return new Answer(-1, "");
            }
            return new Answer(p.exitValue(), new String(out, StandardCharsets.UTF_8));
        } catch (IOException e) {
            return new Answer(-1, "");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Answer(-1, "");
        }
    }

    private static List<String> lastLines(Path console) {
        try {
            List<String> lines = Files.readString(console, StandardCharsets.UTF_8)
                    .replaceAll("\u001B\\[[0-9;]*m", "").lines().filter(l -> !l.isBlank()).toList();
            return lines.subList(Math.max(0, lines.size() - JOURNAL_LINES), lines.size());
        } catch (IOException e) {
            return List.of();
        }
    }

    private static Path scratchFile() {
        try {
            return Files.createTempFile("realmfs-testing-boot-", ".console");
        } catch (IOException e) {
            throw new RealmfsException("Cannot create a scratch file in " + System.getProperty("java.io.tmpdir")
                    + ": " + e.getMessage(), e);
        }
    }

    private static void sleep() {
        try {
            Thread.sleep(POLL_MILLIS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static Path find(List<Path> candidates, String tool, String debianPackage) {
        return candidates.stream().filter(Files::isExecutable).findFirst().orElseThrow(() ->
                new HostRequirementException("The boot check needs " + tool + ", which is not installed: apt-get install "
                        + debianPackage + " (bin/install-host-tools installs it)"));
    }
}
