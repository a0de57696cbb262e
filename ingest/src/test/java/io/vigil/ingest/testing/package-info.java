/**
 * Test support for the ingest module, also used by the web module's tests through ingest's test jar:
 * a loopback RTSP server, misbehaving servers and proxies, a closed port, test media, camera
 * configurations and a frame recorder, and the JUnit extension that fails a test class which tried to
 * reach beyond this machine. Every module has one such {@code testing} package, and its classes are
 * named {@code Test<What>}.
 */
package io.vigil.ingest.testing;
