/**
 * Test support for the web module's packages: a scratch PostgreSQL database and headless Chromium.
 * Every module has one such {@code testing} package, and its classes are named {@code Test<What>}.
 * Harnesses that reach a package's internals ({@code WebHarness}, {@code AlertsHarness},
 * {@code ClusterNodes}) stay beside the tests of that package, so the classes they drive need not
 * be public.
 */
package io.vigil.testing;
