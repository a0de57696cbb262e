/**
 * Test support for the analytics module: what several tests share (the real footage and model).
 * Every module has one such {@code testing} package, and its classes are named {@code Test<What>}.
 * Benchmarks and runners sit beside the classes they measure, in {@code io.vigil.analytics}.
 */
package io.vigil.analytics.testing;
