import CampaignPlanner
import Dispatch
#if canImport(Glibc)
import Glibc
#endif

/// What an interrupted run (Ctrl-C, `kill`, a closed terminal) does before it ends: removes
/// the plan's spill folders (`SpillFolder.removeEvery`), then ends by the same signal, as
/// if nothing had caught it (the shell sees the usual status, 130 for Ctrl-C). The signal
/// is taken on a dispatch queue, not in a signal handler, so removing files is safe; a
/// signal the process was started ignoring (`nohup`, a background job) stays ignored.
enum Interruption {
    /// The sources, kept for the life of the process; written once, by `install`, at the
    /// start of `main`, before any other thread exists.
    nonisolated(unsafe) private static var sources: [any DispatchSourceSignal] = []

    static func install() {
        for signalNumber in [SIGINT, SIGTERM, SIGHUP] {
            let previous = signal(signalNumber, SIG_IGN)
            // Function pointers compare by address (SIG_IGN is address 1).
            if unsafeBitCast(previous, to: Int.self) == unsafeBitCast(SIG_IGN, to: Int.self) { continue }
            let source = DispatchSource.makeSignalSource(signal: signalNumber, queue: .global())
            source.setEventHandler {
                SpillFolder.removeEvery()
                // Ends the process by the signal: default action, unblocked on this thread
                // (dispatch may block it on every thread to read it), raised here.
                signal(signalNumber, SIG_DFL)
                var set = sigset_t()
                sigemptyset(&set)
                sigaddset(&set, signalNumber)
                pthread_sigmask(SIG_UNBLOCK, &set, nil)
                raise(signalNumber)
            }
            source.resume()
            sources.append(source)
        }
    }
}
