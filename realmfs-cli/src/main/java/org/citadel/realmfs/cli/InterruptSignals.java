package org.citadel.realmfs.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;
import java.util.concurrent.atomic.AtomicInteger;
import org.citadel.realmfs.api.BuildCancellation;
import sun.misc.Signal;
import sun.misc.SignalHandler;

/**
 * While a build runs, SIGINT, SIGTERM and SIGHUP cancel it instead of ending the JVM, and the command
 * then exits with 128 + the signal's number, as a shell reports a process the signal killed.
 *
 * <p>Why {@code sun.misc.Signal} and not a shutdown hook: a hook runs only once the JVM is already
 * shutting down, does not know which signal came (for the exit code), and must finish the whole
 * cleanup (killing the build's processes, unmounting, deleting partial outputs) within the shutdown,
 * racing other hooks. With a handler the JVM keeps running: the build fails on the main thread like
 * any other failure, cleans up on its normal path and returns its exit code. A second signal
 * changes nothing (the cleanup is under way); SIGKILL still ends everything, and the kernel then
 * kills the build's processes and drops its mounts.
 */
final class InterruptSignals implements AutoCloseable {
    private static final List<String> NAMES = List.of("INT", "TERM", "HUP");

    private final List<Installed> installed = new ArrayList<>();
    private final AtomicInteger received = new AtomicInteger();

    private record Installed(Signal signal, SignalHandler previous) {
    }

    private InterruptSignals() {
    }

    /** From now until closed, each of these signals cancels {@code cancellation}; the first one counts. */
    static InterruptSignals cancelling(BuildCancellation cancellation) {
        InterruptSignals signals = new InterruptSignals();
        for (String name : NAMES) {
            Signal signal = new Signal(name);
            try {
                SignalHandler previous = Signal.handle(signal, s -> {
                    // noted before cancelling: the build may end as soon as its processes are killed
                    if (signals.received.compareAndSet(0, s.getNumber())) {
                        cancellation.cancel("SIG" + s.getName());
                    }
                });
                signals.installed.add(new Installed(signal, previous));
            } catch (IllegalArgumentException e) {
                // the JVM does not let this signal be handled here (SIGHUP under nohup, say): it keeps its own
            }
        }
        return signals;
    }

    /** 128 + the number of the signal that cancelled the build, if one did. */
    OptionalInt exitCode() {
        int signal = received.get();
        return signal == 0 ? OptionalInt.empty() : OptionalInt.of(128 + signal);
    }

    /** Gives the signals back to the handlers they had. */
    @Override
    public void close() {
        installed.forEach(i -> Signal.handle(i.signal(), i.previous()));
    }
}
