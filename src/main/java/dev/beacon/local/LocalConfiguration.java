package dev.beacon.local;

import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;

/**
 * Brings in the local service, which {@link LocalServiceRegistrar} registers at startup
 * when no connection string is configured.
 */
@Configuration(proxyBeanMethods = false)
@Import(LocalServiceRegistrar.class)
class LocalConfiguration {

}
