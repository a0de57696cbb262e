# Splits JDK Flight Recorder samples of the bench threads by part of the path (vigil-grab-* by run, vigil-analytics-*, vigil-store-*).
# Usage: jfr print --events jdk.NativeMethodSample,jdk.ExecutionSample --stack-depth 40 rec.jfr | python3 web/bench/jfr-split.py
import re, sys, collections
RULES = [  # (part, pattern on any frame), first match from the top of the stack wins
    ("demux", r"av_read_frame|avformat"),
    ("decode", r"avcodec_send_packet|avcodec_receive_frame|avcodec_decode|avcodec\."),
    ("convert", r"sws_scale|swscale"),
    ("copy", r"Mat\.clone|opencv_core\.Mat\.copyTo|clone\(\)"),
    ("detector", r"YoloxDetector|YoloxDecoder|opencv_dnn"),
    ("motion", r"MotionGate|BackgroundSubtractor"),
    ("tracker", r"Tracker|KalmanAxis|ZoneState|OccupancyMonitor|GatheringMonitor"),
    ("frame_probe", r"FrameProbe"),
    ("viewer_frame", r"LatestFrames"),
    ("storage", r"BatchWriter|JdbcStore|postgresql"),
]
blocks = sys.stdin.read().split("\n}\n")
count = collections.Counter()
for b in blocks:
    m = re.search(r'sampledThread = "([^"]+)"', b)
    if not m: continue
    thread = m.group(1)
    ev = "native" if "NativeMethodSample" in b else "java"
    run = re.search(r"bench-(\d+)-", thread)
    group = re.match(r"vigil-(grab|analytics|store)", thread)
    if not group: continue
    frames = re.findall(r"^\s{4}(\S.*)$", b.split("stackTrace = [", 1)[-1], re.M)
    if any(re.search(r"epoll|EPoll|Thread\.sleep|socketRead|SocketDispatcher|park", f) for f in frames[:3]):
        continue  # waiting, not working
    if any(re.search(r"ClassLoader|ZipFile|NativeLibraries|JarFile|Loader\.load", f) for f in frames):
        continue  # start-up: loading classes and native libraries
    part = "other"
    for f in frames:
        hit = next((p for p, pat in RULES if re.search(pat, f)), None)
        if hit: part = hit; break
    key = (run.group(1) if run else "-", group.group(1), part)
    count[key] += 1
tot = collections.Counter()
for (r, g, p), n in count.items(): tot[(r, g)] += n
for k in sorted(count):
    r, g, p = k
    print(f"run {r:>2} {g:10} {p:14} {count[k]:6}  {100*count[k]/tot[(r,g)]:5.1f}%")
