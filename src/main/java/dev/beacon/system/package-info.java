/**
 * Cross-cutting web concerns: RFC 9457 problem details, CORS, the clock, and traces
 * (OpenTelemetry through Spring Boot, exported over OTLP when an endpoint is set).
 */
@NullMarked
package dev.beacon.system;

import org.jspecify.annotations.NullMarked;
