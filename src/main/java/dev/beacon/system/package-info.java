/**
 * The ground floor every feature stands on, importing none of them: RFC 9457 problem
 * details for every error (Beacon's own, Spring's, Tomcat's and the actuator's, each with
 * the request's trace id), the shared exceptions ({@code InvalidSettingException} and its
 * startup report, {@code ServiceUnavailableException}), request guards and security
 * headers, CORS, forwarded headers, Tomcat's limits, the clock, strict property binding,
 * OpenAPI, and tracing (OpenTelemetry through Spring Boot, exported over OTLP when an
 * endpoint is set).
 */
@NullMarked
package dev.beacon.system;

import org.jspecify.annotations.NullMarked;
