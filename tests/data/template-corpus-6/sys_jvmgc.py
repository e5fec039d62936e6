"""JvmGc: the unified GC log of a HotSpot 17 JVM running a G1 order service, started with
`-Xlog:gc*,gc+age=debug,safepoint:file=gc.log:time,uptime,level,tags` (phase timing `gc+phases` switched off). Every
line carries four decorations, `[time][uptime][level][tags]`, each padded with spaces to the widest value written so far
(HotSpot's LogFileStreamOutput does that), so `[info ]` and `[gc,start     ]` appear. Messages inside a collection
start with the GC id `GC(<n>) ` (printed by the GC-id decoration of the message, part of Content).

Most GC lines come from a GCTraceTime scope, which prints its title when the scope opens (`gc,start`) and the title
followed by heap usage and elapsed time when it closes. The title is the statement, so a scope gives two events
(`GC(<*>) Pause Remark` and `GC(<*>) Pause Remark <*>M-><*>M(<*>M) <*>ms`). G1's young-pause title is itself built
from `Pause Young (%s) (%s)` (young-collection kind and GC cause), so those two are values. Exit output's indentation
is dropped (the layout's `\\s+` would swallow it)."""
from gen_common import E, hexs

NAME = "JvmGc"
LAYOUT = "\\[<Timestamp>\\]\\[<Uptime>\\]\\[<Level>\\]\\[<Tags>\\] <Content>"

CAUSES = ["G1 Evacuation Pause"] * 12 + ["G1 Humongous Allocation"] * 2 + ["Metadata GC Threshold", "GCLocker Initiated GC", "G1 Preventive Collection"]
KINDS = ["Normal"] * 12 + ["Concurrent Start", "Prepare Mixed", "Mixed", "Mixed"]


def ev(fmt, weight, gen=None, lv="info", tags="gc", **kw):
    return E(fmt, weight, gen, lv=lv, tags=tags, **kw)


now = None  # set by the generator to the line's time


def gid(r):
    """GC ids grow with the time, about one collection every 1.3 s."""
    return 3 + int((now - now.replace(hour=14, minute=2, second=11, microsecond=0)).total_seconds() / 1.3) + r.randint(0, 2)


def ms(r, lo, hi):
    return "%.3f" % r.uniform(lo, hi)


def heap(r, full=False):
    cap = r.choice([4096, 4096, 4096, 3584])
    before = r.randint(1200, cap - 40)
    after = r.randint(300, min(before - 10, 1600)) if not full else r.randint(200, 900)
    return before, after, cap


def gcid_and(*fs):
    return lambda r: (gid(r),) + tuple(f(r) for f in fs)


def kb(r):
    return r.randint(180000, 260000)


EVENTS = [
    ev("Version: {} ({})", -1, lambda r: ("17.0.9+9", "release"), tags="gc,init", pos="start"),
    ev("CPUs: {} total, {} available", -1, lambda r: (8, 8), tags="gc,init", pos="start"),
    ev("Memory: {}M", -1, lambda r: 15884, tags="gc,init", pos="start"),
    ev("Large Page Support: {}", -1, lambda r: "Disabled", tags="gc,init", pos="start"),
    ev("NUMA Support: {}", -1, lambda r: "Disabled", tags="gc,init", pos="start"),
    ev("Compressed Oops: {} ({})", -1, lambda r: ("Enabled", "Zero based"), tags="gc,init", pos="start"),
    ev("Heap Region Size: {}M", -1, lambda r: 2, tags="gc,init", pos="start"),
    ev("Heap Min Capacity: {}M", -1, lambda r: 1024, tags="gc,init", pos="start"),
    ev("Heap Initial Capacity: {}M", -1, lambda r: 1024, tags="gc,init", pos="start"),
    ev("Heap Max Capacity: {}G", -1, lambda r: 4, tags="gc,init", pos="start"),
    ev("Pre-touch: {}", -1, lambda r: "Disabled", tags="gc,init", pos="start"),
    ev("Parallel Workers: {}", -1, lambda r: 8, tags="gc,init", pos="start"),
    ev("Concurrent Workers: {}", -1, lambda r: 2, tags="gc,init", pos="start"),
    ev("Concurrent Refinement Workers: {}", -1, lambda r: 8, tags="gc,init", pos="start"),
    ev("Periodic GC: {}", -1, lambda r: "Disabled", tags="gc,init", pos="start"),
    ev("CDS archive(s) mapped at: [{}-{}-{}), size {}, SharedBaseAddress: {}, ArchiveRelocationMode: {}.", -1,
       lambda r: ("0x0000000800000000", "0x0000000800bd5000", "0x0000000800bd5000", 12406784, "0x0000000800000000", 0), tags="gc,metaspace", pos="start"),
    ev("Compressed class space mapped at: {}-{}, reserved size: {}", -1, lambda r: ("0x0000000800c00000", "0x0000000840c00000", 1073741824), tags="gc,metaspace", pos="start"),
    ev("Narrow klass base: {}, Narrow klass shift: {}, Narrow klass range: {}", -1, lambda r: ("0x0000000800000000", 0, "0x100000000"), tags="gc,metaspace", pos="start"),
    ev("Using {}", -1, lambda r: "G1", pos="start"),
    # young pauses
    ev("GC({}) Pause Young ({}) ({})", 120, gcid_and(lambda r: r.choice(KINDS), lambda r: r.choice(CAUSES)), tags="gc,start"),
    ev("GC({}) Using {} workers of {} for evacuation", 120, gcid_and(lambda r: r.choice([8, 8, 8, 6, 4]), lambda r: 8), tags="gc,task"),
    ev("GC({}) Eden regions: {}->{}({})", 115, gcid_and(lambda r: r.randint(300, 1100), lambda r: 0, lambda r: r.randint(300, 1100)), tags="gc,heap"),
    ev("GC({}) Survivor regions: {}->{}({})", 115, gcid_and(lambda r: r.randint(2, 40), lambda r: r.randint(2, 40), lambda r: r.randint(60, 140)), tags="gc,heap"),
    ev("GC({}) Old regions: {}->{}", 115, gcid_and(lambda r: r.randint(150, 900), lambda r: r.randint(150, 900)), tags="gc,heap"),
    ev("GC({}) Archive regions: {}->{}", 115, gcid_and(lambda r: 2, lambda r: 2), tags="gc,heap"),
    ev("GC({}) Humongous regions: {}->{}", 115, gcid_and(lambda r: r.randint(0, 30), lambda r: r.randint(0, 12)), tags="gc,heap"),
    ev("GC({}) Metaspace: {}K({}K)->{}K({}K) NonClass: {}K({}K)->{}K({}K) Class: {}K({}K)->{}K({}K)", 115,
       lambda r: (lambda m, c: (gid(r), m, m + 1280, m, m + 1280, m - c, m - c + 896, m - c, m - c + 896, c, c + 384, c, c + 384))(r.randint(140000, 160000), r.randint(17000, 20000)),
       tags="gc,metaspace"),
    ev("GC({}) Pause Young ({}) ({}) {}M->{}M({}M) {}ms", 120, lambda r: (gid(r), r.choice(KINDS), r.choice(CAUSES)) + heap(r) + (ms(r, 2, 90),)),
    ev("GC({}) User={}s Sys={}s Real={}s", 125, gcid_and(lambda r: "%.2f" % r.uniform(0, 0.6), lambda r: "%.2f" % r.uniform(0, 0.05), lambda r: "%.2f" % r.uniform(0, 0.1)), tags="gc,cpu"),
    ev("GC({}) Desired survivor size {} bytes, new threshold {} (max threshold {})", 60, gcid_and(lambda r: r.choice([134217728, 142606336]), lambda r: r.randint(1, 15), lambda r: 15),
       lv="debug", tags="gc,age"),
    ev("GC({}) Age table with threshold {} (max threshold {})", 60, gcid_and(lambda r: r.randint(1, 15), lambda r: 15), lv="debug", tags="gc,age"),
    ev("GC({}) - age   {}:   {} bytes,   {} total", 150, lambda r: (lambda b: (gid(r), r.randint(1, 15), b, b + r.randint(0, 60000000)))(r.randint(8000, 40000000)), lv="debug", tags="gc,age"),
    ev("GC({}) To-space exhausted", 2, gid),
    ev("GC({}) Finish choosing CSet. old: {} regions, predicted old region time: {}ms, time remaining: {}", 14,
       gcid_and(lambda r: r.randint(4, 60), lambda r: ms(r, 0.5, 40), lambda r: ms(r, 10, 180)), lv="debug", tags="gc,ergo,cset"),
    ev("GC({}) Basic information (value update), threshold: {}B ({}), target occupancy: {}B, current occupancy: {}B, recent allocation size: {}B, recent allocation duration: {}ms, recent old gen allocation rate: {}B/s, recent marking phase length: {}ms", 30,
       gcid_and(lambda r: r.randint(1500000000, 1900000000), lambda r: "%.2f" % r.uniform(35, 45), lambda r: 4294967296, lambda r: r.randint(800000000, 2500000000), lambda r: r.randint(0, 80000000),
                lambda r: ms(r, 100, 9000), lambda r: "%.2f" % r.uniform(100000, 90000000), lambda r: ms(r, 20, 400)), tags="gc,ihop"),
    # concurrent cycle
    ev("GC({}) Concurrent Mark Cycle", 10, gid, tags="gc"),
    ev("GC({}) Concurrent Clear Claimed Marks", 10, gid, tags="gc,marking"),
    ev("GC({}) Concurrent Clear Claimed Marks {}ms", 10, gcid_and(lambda r: ms(r, 0.01, 0.2)), tags="gc,marking"),
    ev("GC({}) Concurrent Scan Root Regions", 10, gid, tags="gc,marking"),
    ev("GC({}) Concurrent Scan Root Regions {}ms", 10, gcid_and(lambda r: ms(r, 1, 30)), tags="gc,marking"),
    ev("GC({}) Concurrent Mark ({}s)", 10, gcid_and(lambda r: "%.3f" % r.uniform(10, 1800)), tags="gc,marking"),
    ev("GC({}) Concurrent Mark From Roots", 10, gid, tags="gc,marking"),
    ev("GC({}) Using {} workers of {} for marking", 10, gcid_and(lambda r: 2, lambda r: 2), tags="gc,task"),
    ev("GC({}) Concurrent Mark From Roots {}ms", 10, gcid_and(lambda r: ms(r, 40, 900)), tags="gc,marking"),
    ev("GC({}) Concurrent Preclean", 10, gid, tags="gc,marking"),
    ev("GC({}) Concurrent Preclean {}ms", 10, gcid_and(lambda r: ms(r, 0.1, 3)), tags="gc,marking"),
    ev("GC({}) Concurrent Mark ({}s, {}s) {}ms", 10, lambda r: (lambda a, d: (gid(r), "%.3f" % a, "%.3f" % (a + d / 1000.0), "%.3f" % d))(r.uniform(10, 1800), r.uniform(40, 900)), tags="gc,marking"),
    ev("GC({}) Pause Remark", 10, gid, tags="gc,start"),
    ev("GC({}) Pause Remark {}M->{}M({}M) {}ms", 10, lambda r: (gid(r),) + heap(r) + (ms(r, 2, 30),)),
    ev("GC({}) Concurrent Rebuild Remembered Sets", 10, gid, tags="gc,marking"),
    ev("GC({}) Concurrent Rebuild Remembered Sets {}ms", 10, gcid_and(lambda r: ms(r, 20, 600)), tags="gc,marking"),
    ev("GC({}) Pause Cleanup", 10, gid, tags="gc,start"),
    ev("GC({}) Pause Cleanup {}M->{}M({}M) {}ms", 10, lambda r: (lambda b: (gid(r), b, b, 4096, ms(r, 0.1, 2)))(r.randint(1200, 3800))),
    ev("GC({}) Concurrent Cleanup for Next Mark", 10, gid, tags="gc,marking"),
    ev("GC({}) Concurrent Cleanup for Next Mark {}ms", 10, gcid_and(lambda r: ms(r, 1, 25)), tags="gc,marking"),
    ev("GC({}) Concurrent Mark Cycle {}ms", 10, gcid_and(lambda r: ms(r, 80, 1500))),
    ev("GC({}) Concurrent Mark Abort", 1, gid, tags="gc,marking"),
    # one full collection
    ev("GC({}) Pause Full ({})", 1, lambda r: (1211, "G1 Compaction Pause"), tags="gc,start"),
    ev("GC({}) Using {} workers of {} for full compaction", 1, lambda r: (1211, 8, 8), tags="gc,task"),
    ev("GC({}) Phase 1: Mark live objects", 1, lambda r: 1211, tags="gc,phases,start"),
    ev("GC({}) Phase 1: Mark live objects {}ms", 1, lambda r: (1211, "412.336"), tags="gc,phases"),
    ev("GC({}) Phase 2: Prepare for compaction", 1, lambda r: 1211, tags="gc,phases,start"),
    ev("GC({}) Phase 2: Prepare for compaction {}ms", 1, lambda r: (1211, "88.107"), tags="gc,phases"),
    ev("GC({}) Phase 3: Adjust pointers", 1, lambda r: 1211, tags="gc,phases,start"),
    ev("GC({}) Phase 3: Adjust pointers {}ms", 1, lambda r: (1211, "203.950"), tags="gc,phases"),
    ev("GC({}) Phase 4: Compact heap", 1, lambda r: 1211, tags="gc,phases,start"),
    ev("GC({}) Phase 4: Compact heap {}ms", 1, lambda r: (1211, "301.472"), tags="gc,phases"),
    ev("GC({}) Pause Full ({}) {}M->{}M({}M) {}ms", 1, lambda r: (1211, "G1 Compaction Pause", 4090, 1377, 4096, "1019.806")),
    ev("Attempting maximum full compaction clearing soft references", 1, lv="info", tags="gc,ergo"),
    # safepoints
    ev("Safepoint \"{}\", Time since last: {} ns, Reaching safepoint: {} ns, At safepoint: {} ns, Total: {} ns", 330,
       lambda r: (lambda a, b: (r.choice(["G1CollectForAllocation"] * 5 + ["G1Concurrent", "Cleanup", "HandshakeAllThreads", "ICBufferFull", "G1TryInitiateConcMark", "ThreadDump"]),
                                r.randint(200000, 9000000000), a, b, a + b))(r.randint(2000, 900000), r.randint(10000, 90000000)), tags="safepoint"),
    # exit
    ev("Heap", -1, tags="gc,heap,exit", pos="end"),
    ev("garbage-first heap   total {}K, used {}K [{}, {})", -1, lambda r: (4194304, 1874211, "0x0000000700000000", "0x0000000800000000"), tags="gc,heap,exit", pos="end"),
    ev("region size {}K, {} young ({}K), {} survivors ({}K)", -1, lambda r: (2048, 212, 434176, 9, 18432), tags="gc,heap,exit", pos="end"),
    ev("Metaspace       used {}K, committed {}K, reserved {}K", -1, lambda r: (151203, 152384, 1179648), tags="gc,heap,exit", pos="end"),
    ev("class space    used {}K, committed {}K, reserved {}K", -1, lambda r: (18342, 18880, 1048576), tags="gc,heap,exit", pos="end"),
]

_PAD = {}


def _dec(k, s):
    w = max(_PAD.get(k, 0), len(s))
    _PAD[k] = w
    return "[%-*s]" % (w, s)


def header(r, t, ev, n):
    up = (t - t.replace(hour=14, minute=2, second=11, microsecond=0)).total_seconds() + 0.011
    return "%s%s%s%s " % (_dec("time", "%s.%03d+0000" % (t.strftime("%Y-%m-%dT%H:%M:%S"), t.microsecond // 1000)), _dec("uptime", "%.3fs" % up),
                          _dec("level", ev.meta["lv"]), _dec("tags", ev.meta["tags"]))
