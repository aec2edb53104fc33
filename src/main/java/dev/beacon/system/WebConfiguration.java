package dev.beacon.system;

import org.springframework.boot.webmvc.autoconfigure.WebMvcRegistrations;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.servlet.config.annotation.CorsRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerAdapter;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;

/**
 * CORS for browser clients on other origins, with credentials as the SignalR JS client
 * needs them (no origin is allowed unless listed); controller methods looked up path
 * first ({@link PathFirstHandlerMapping}); JSON record bodies and answers read and
 * written directly ({@link DirectJsonHandlerAdapter}).
 */
@Configuration(proxyBeanMethods = false)
class WebConfiguration implements WebMvcConfigurer {

	private final CorsProperties cors;

	WebConfiguration(CorsProperties cors) {
		this.cors = cors;
	}

	@Bean
	static WebMvcRegistrations pathFirstMappings() {
		return new WebMvcRegistrations() {

			@Override
			public RequestMappingHandlerMapping getRequestMappingHandlerMapping() {
				return new PathFirstHandlerMapping();
			}

			@Override
			public RequestMappingHandlerAdapter getRequestMappingHandlerAdapter() {
				return new DirectJsonHandlerAdapter();
			}

		};
	}

	@Override
	public void addCorsMappings(CorsRegistry registry) {
		if (this.cors.allowedOrigins().isEmpty()) {
			return;
		}
		registry.addMapping("/**")
			.allowedOrigins(this.cors.allowedOrigins().toArray(String[]::new))
			.allowedMethods("GET", "POST", "PUT", "DELETE", "HEAD", "OPTIONS")
			.allowedHeaders("*")
			.allowCredentials(true)
			.maxAge(3600);
	}

}
