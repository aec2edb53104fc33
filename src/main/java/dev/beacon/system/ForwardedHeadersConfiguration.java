package dev.beacon.system;

import jakarta.servlet.DispatcherType;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.web.server.autoconfigure.ServerProperties;
import org.springframework.boot.web.server.autoconfigure.servlet.ForwardedHeaderFilterCustomizer;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.web.filter.ForwardedHeaderFilter;

/**
 * {@code server.forward-headers-strategy=framework} decided at run time. Spring Boot
 * registers its {@link ForwardedHeaderFilter} under a condition on that setting, which
 * Spring AOT fixes when the image is built (off); this registration, under the name Boot
 * uses so Boot's backs off on the plain jar, is enabled only when the run sets it.
 * {@code native} needs nothing: Tomcat reads it at run time.
 */
@Configuration(proxyBeanMethods = false)
class ForwardedHeadersConfiguration {

	@Bean
	FilterRegistrationBean<ForwardedHeaderFilter> forwardedHeaderFilter(ServerProperties server,
			ObjectProvider<ForwardedHeaderFilterCustomizer> customizers) {
		ForwardedHeaderFilter filter = new ForwardedHeaderFilter();
		customizers.orderedStream().forEach((customizer) -> customizer.customize(filter));
		FilterRegistrationBean<ForwardedHeaderFilter> registration = new FilterRegistrationBean<>(filter);
		registration.setDispatcherTypes(DispatcherType.REQUEST, DispatcherType.ASYNC, DispatcherType.ERROR);
		registration.setOrder(Ordered.HIGHEST_PRECEDENCE);
		registration
			.setEnabled(server.getForwardHeadersStrategy() == ServerProperties.ForwardHeadersStrategy.FRAMEWORK);
		return registration;
	}

}
