#!/usr/bin/python3
"""Test RTSP server: serves MP4 files over RTSP (TCP) without re-encoding.

Usage: rtsp_server.py PORT MOUNT=KIND:FILE [MOUNT=KIND:FILE ...]
KIND is h264 (MP4 video), h264ts (MPEG-TS video) or aac (audio only, for the "not video" case). Prints READY once it listens,
and stops cleanly on SIGTERM so the port can be bound again at once by a new instance.
With VIGIL_RTSP_USER and VIGIL_RTSP_PASSWORD in the environment, every mount requires that user
(RTSP basic authentication); the password is not passed as an argument so that it stays out of ps.
"""
import os
import signal
import sys

import gi

gi.require_version("Gst", "1.0")
gi.require_version("GstRtsp", "1.0")
gi.require_version("GstRtspServer", "1.0")
from gi.repository import GLib, Gst, GstRtsp, GstRtspServer  # noqa: E402

PIPELINES = {
    "h264": "( filesrc location={f} ! qtdemux ! h264parse config-interval=-1 ! rtph264pay name=pay0 pt=96 )",
    # An MPEG-TS file: its H.264 may change resolution mid-stream (a new SPS), as a camera reconfigured
    # by an installer does.
    "h264ts": "( filesrc location={f} ! tsdemux ! h264parse config-interval=-1 ! rtph264pay name=pay0 pt=96 )",
    "aac": "( filesrc location={f} ! qtdemux ! aacparse ! rtpmp4gpay name=pay0 pt=97 )",
}


def main(argv):
    if len(argv) < 3:
        sys.exit("usage: rtsp_server.py PORT MOUNT=KIND:FILE ...")
    Gst.init(None)
    server = GstRtspServer.RTSPServer()
    server.set_address("127.0.0.1")
    server.set_service(argv[1])
    mounts = server.get_mount_points()
    user = os.environ.get("VIGIL_RTSP_USER")
    if user:
        auth = GstRtspServer.RTSPAuth()
        token = GstRtspServer.RTSPToken()
        token.set_string(GstRtspServer.RTSP_TOKEN_MEDIA_FACTORY_ROLE, "camera-user")
        auth.add_basic(GstRtspServer.RTSPAuth.make_basic(user, os.environ["VIGIL_RTSP_PASSWORD"]), token)
        server.set_auth(auth)
    for spec in argv[2:]:
        mount, rest = spec.split("=", 1)
        kind, path = rest.split(":", 1)
        factory = GstRtspServer.RTSPMediaFactory()
        factory.set_launch(PIPELINES[kind].format(f=path))
        factory.set_protocols(GstRtsp.RTSPLowerTrans.TCP)
        factory.set_shared(False)
        if user:
            factory.add_role_from_structure(Gst.Structure.new_from_string(
                "camera-user, media.factory.access=(boolean)true, media.factory.construct=(boolean)true"))
        mounts.add_factory("/" + mount, factory)
    if server.attach(None) == 0:
        sys.exit("could not listen on port " + argv[1])
    loop = GLib.MainLoop()
    GLib.unix_signal_add(GLib.PRIORITY_DEFAULT, signal.SIGTERM, loop.quit)
    print("READY", flush=True)
    loop.run()


if __name__ == "__main__":
    main(sys.argv)
