package org.citadel.realmfs.core.sandbox;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

import org.citadel.realmfs.core.process.Command;

/**
 * The JVM {@link SandboxKillIT} kills: opens a sandbox, mounts a tmpfs on {@code args[0]}, starts
 * {@code args[1..]} in it, says "ready" and waits to be killed.
 */
public final class KilledJvm {
    private KilledJvm() {
    }

    public static void main(String[] args) throws InterruptedException {
        Sandbox sandbox = Sandbox.open("killed");
        sandbox.run(() -> {
            sandbox.mounts().tmpfs(Path.of(args[0]), Optional.empty());
            sandbox.spawner().spawn(Command.host(List.of(args).subList(1, args.length)), line -> { });
        });
        System.out.println("ready");
        System.out.flush();
        Thread.sleep(Long.MAX_VALUE);
    }
}
