# syntax=docker/dockerfile:1

# Build stage: compile and package the jar from a clean checkout with Maven on JDK 25.
FROM maven:3.9-eclipse-temurin-25 AS build
WORKDIR /workspace
# Resolve dependencies first so they stay cached while only sources change. .mvn/jvm.config
# opens javac's internals to Error Prone (NullAway), which the compile runs.
COPY pom.xml .
COPY .mvn .mvn
RUN mvn -B -q dependency:go-offline
COPY src src
RUN mvn -B -q package -DskipTests && cp target/beacon-*.jar beacon.jar

# Extract stage: split the jar into layers (dependencies change less often than the app).
FROM eclipse-temurin:25-jre AS extract
WORKDIR /extract
COPY --from=build /workspace/beacon.jar beacon.jar
RUN java -Djarmode=tools -jar beacon.jar extract --layers --destination extracted

# Runtime stage: JRE only, non-root, one layer per kind of content.
FROM eclipse-temurin:25-jre
RUN groupadd --system --gid 10001 beacon && useradd --system --uid 10001 --gid beacon --no-create-home beacon
WORKDIR /app
COPY --from=extract /extract/extracted/dependencies/ ./
COPY --from=extract /extract/extracted/spring-boot-loader/ ./
COPY --from=extract /extract/extracted/snapshot-dependencies/ ./
COPY --from=extract /extract/extracted/application/ ./
# JDK 25 AOT cache from a training run that starts the context and exits after refresh,
# with Spring AOT's generated code on (the jar carries it; Beacon's mode and store are still
# chosen at run time): start-to-first-negotiate is about a third of the plain jar's
# (docs/performance.md, Start-up and memory). The training run gets a throwaway API key of
# its own: without one it would generate a key and save it in /tmp, root's file in the image,
# which the runtime user could neither read nor replace with its own generated key. Tomcat's
# temporary directories and the JVM's performance-data directory of the training run go too:
# the image's /tmp stays empty.
RUN BEACON_API_KEYS="$(head -c 32 /dev/urandom | base64)" java -XX:AOTCacheOutput=beacon.aot -XX:MaxRAMPercentage=75 -Xms32m -XX:+UseSerialGC \
  -Dspring.aot.enabled=true -Dspring.context.exit=onRefresh -jar beacon.jar --server.port=0 \
  && chmod 0444 beacon.aot && rm -rf /tmp/tomcat.* /tmp/tomcat-docbase.* /tmp/hsperfdata_root
USER 10001:10001
# Container Apps and App Service set PORT (or SERVER_PORT); Beacon listens on it, 8080 otherwise.
ENV PORT=8080
# Logs are plain text unless LOGGING_STRUCTURED_FORMAT_CONSOLE=ecs (or logstash) is set: then one
# JSON object per line, a request's lines with its traceId and spanId, for App Service's and
# Kubernetes' collectors. Traces go out over OTLP only when OTEL_EXPORTER_OTLP_ENDPOINT (the Container
# Apps agent sets it) or MANAGEMENT_OPENTELEMETRY_TRACING_EXPORT_OTLP_ENDPOINT is set
# (docs/operations.md, Tracing and logs).
EXPOSE 8080
# Liveness probe without curl: a raw HTTP request over bash's /dev/tcp.
HEALTHCHECK --interval=15s --timeout=3s --start-period=30s --retries=3 \
  CMD ["bash", "-c", "exec 3<>/dev/tcp/127.0.0.1/${SERVER_PORT:-${PORT:-8080}} && printf 'GET /actuator/health/liveness HTTP/1.0\\r\\nHost: localhost\\r\\n\\r\\n' >&3 && grep -q '\"status\":\"UP\"' <&3"]
# Same flags as the training run and the cold-start benchmark; the cache must match them.
# The heap starts at 32 MB and grows on demand: by default it starts at 1/64 of the
# machine's memory, and eden touched during start-up stayed resident (271 MB idle on a
# 24 GB host vs 190 MB this way then, 179-185 MB now with Spring AOT; no loss in negotiate
# throughput; docs/performance.md).
ENTRYPOINT ["java", "-XX:AOTCache=beacon.aot", "-XX:MaxRAMPercentage=75", "-Xms32m", "-XX:+UseSerialGC", "-Dspring.aot.enabled=true", "-jar", "beacon.jar"]
