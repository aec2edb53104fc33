package dev.beacon.system;

import org.apache.catalina.core.StandardHost;
import org.apache.tomcat.util.buf.EncodedSolidusHandling;

import org.springframework.boot.tomcat.TomcatConnectorCustomizer;
import org.springframework.boot.tomcat.TomcatContextCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Tomcat settings Spring Boot has no property for.
 */
@Configuration(proxyBeanMethods = false)
class TomcatConfiguration {

	/**
	 * Lets names that contain {@code /} or a backslash travel in a path segment as
	 * {@code %2F} or {@code %5C} (user IDs such as {@code tenant/alice}, groups such as
	 * {@code team/ops}). Tomcat rejects an encoded solidus by default. Passed through,
	 * not decoded: Spring matches on the still-encoded path and decodes each path
	 * variable, so {@code %2F} stays inside its segment and cannot change which endpoint
	 * matches.
	 */
	@Bean
	TomcatConnectorCustomizer encodedSolidusPassThrough() {
		return (connector) -> {
			connector.setEncodedSolidusHandling(EncodedSolidusHandling.PASS_THROUGH.getValue());
			// The same for '\' (%5C): decoded, Tomcat refuses the whole path with 400,
			// so a user ID with a backslash could not reach the local service.
			connector.setEncodedReverseSolidusHandling(EncodedSolidusHandling.PASS_THROUGH.getValue());
		};
	}

	/**
	 * Errors Tomcat answers itself, before any filter, are problem details too.
	 */
	@Bean
	TomcatContextCustomizer problemErrorReport() {
		return (context) -> {
			if (context.getParent() instanceof StandardHost host) {
				host.setErrorReportValveClass(ProblemErrorReportValve.class.getName());
			}
		};
	}

}
