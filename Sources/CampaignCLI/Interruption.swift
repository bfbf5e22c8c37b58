import CampaignPlanner
import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// What an interrupted run (Ctrl-C, `kill`, a closed terminal) does before it ends: removes
/// the plan's spill folders (`SpillFolder.removeEvery`), then ends by the same signal, as
/// if nothing had caught it (the shell sees the usual status, 130 for Ctrl-C).
///
/// The signals are blocked on every thread and taken by one thread waiting for them
/// (`sigwait`), not by a signal handler, so removing files is safe there. A signal the
/// process was started ignoring (`nohup`, a background job) stays ignored.
enum Interruption {
    static let signals = [SIGINT, SIGTERM, SIGHUP]

    /// Called first thing in `main`, before any other thread exists (threads inherit the
    /// blocked signals).
    static func install() {
        let watched = signals.filter { signalNumber in
            let previous = signal(signalNumber, SIG_IGN)
            // Function pointers compare by address (SIG_IGN is address 1).
            if unsafeBitCast(previous, to: Int.self) == unsafeBitCast(SIG_IGN, to: Int.self) { return false }
            signal(signalNumber, previous)
            return true
        }
        guard !watched.isEmpty else { return }
        var set = Self.set(watched)
        pthread_sigmask(SIG_BLOCK, &set, nil)
        Thread { Self.wait(for: watched) }.start()
    }

    private static func set(_ signals: [Int32]) -> sigset_t {
        var set = sigset_t()
        sigemptyset(&set)
        for signalNumber in signals { sigaddset(&set, signalNumber) }
        return set
    }

    private static func wait(for watched: [Int32]) {
        var set = Self.set(watched)
        var received: Int32 = 0
        while sigwait(&set, &received) != 0 {}
        SpillFolder.removeEvery()
        // Ends the process by the signal: its default action, unblocked on this thread.
        signal(received, SIG_DFL)
        var one = Self.set([received])
        pthread_sigmask(SIG_UNBLOCK, &one, nil)
        raise(received)
    }
}
