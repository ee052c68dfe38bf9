// The sweep's Java process (run as `java -XX:+ExtendedDTraceProbes
// SweepObj.java READY GO`; method and allocation probes fire only with that
// option). Says it is ready by creating READY, then ticks (a call of
// sweep_tick and a GC every 20 ms: what the rate tools see in any interval)
// until its parent is gone or a minute has passed. Once GO exists, it makes
// a burst the tools count exactly: 100 calls of sweep_marker, 100 SweepObj
// kept, one thread named sweep-thread.
import java.nio.file.Files;
import java.nio.file.Paths;
import java.util.ArrayList;

public class SweepObj {
    static final ArrayList<Object> kept = new ArrayList<>();
    int x;

    static int sweep_marker(int i) { return i + 1; }

    static int sweep_tick(int i) { return i - 1; }

    static int burst() throws Exception {
        int s = 0;
        // in steps of 10, 2 ms apart: a flow tool's reader (a Python
        // callback per call) keeps up with its 8-page perf buffer
        for (int i = 0; i < 100; i++) {
            s += sweep_marker(i);
            kept.add(new SweepObj());
            if (i % 10 == 9)
                Thread.sleep(2);
        }
        Thread t = new Thread(() -> { }, "sweep-thread");
        t.start();
        t.join();
        return s;
    }

    public static void main(String[] a) throws Exception {
        Files.createFile(Paths.get(a[0]));
        ProcessHandle parent = ProcessHandle.current().parent().orElse(null);
        boolean done = false;
        int s = 0;
        for (int i = 0; i < 3000 && parent != null && parent.isAlive(); i++) {
            if (!done && Files.exists(Paths.get(a[1]))) {
                s += burst();
                done = true;
            }
            s += sweep_tick(i);
            System.gc();
            Thread.sleep(20);
        }
        System.exit(s == 0 ? 1 : 0);
    }
}
