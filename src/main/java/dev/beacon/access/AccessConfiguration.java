package dev.beacon.access;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/**
 * Puts the scope check in front of every handler.
 */
@Configuration(proxyBeanMethods = false)
class AccessConfiguration implements WebMvcConfigurer {

	private final AccessInterceptor interceptor;

	AccessConfiguration(Callers callers, ObjectProvider<MeterRegistry> registry) {
		this.interceptor = new AccessInterceptor(callers,
				new AuditTrail(registry.getIfAvailable(SimpleMeterRegistry::new)));
	}

	@Override
	public void addInterceptors(InterceptorRegistry registry) {
		registry.addInterceptor(this.interceptor);
	}

}
