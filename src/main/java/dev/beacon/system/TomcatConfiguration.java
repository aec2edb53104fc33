package dev.beacon.system;

import org.apache.tomcat.util.buf.EncodedSolidusHandling;

import org.springframework.boot.tomcat.TomcatConnectorCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Tomcat settings Spring Boot has no property for.
 */
@Configuration(proxyBeanMethods = false)
class TomcatConfiguration {

	/**
	 * Lets names that contain {@code /} travel in a path segment as {@code %2F} (user IDs
	 * such as {@code tenant/alice}, groups such as {@code team/ops}). Tomcat rejects an
	 * encoded solidus by default. Passed through, not decoded: Spring matches on the
	 * still-encoded path and decodes each path variable, so {@code %2F} stays inside its
	 * segment and cannot change which endpoint matches.
	 */
	@Bean
	TomcatConnectorCustomizer encodedSolidusPassThrough() {
		return (connector) -> connector.setEncodedSolidusHandling(EncodedSolidusHandling.PASS_THROUGH.getValue());
	}

}
