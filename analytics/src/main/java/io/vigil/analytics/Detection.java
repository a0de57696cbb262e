package io.vigil.analytics;

/** One detector hit in pixel coordinates of the analysed frame. */
record Detection(ObjectClass objectClass, Box box, double score) {}
