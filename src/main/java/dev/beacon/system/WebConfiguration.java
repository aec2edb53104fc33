package dev.beacon.system;

import org.springframework.context.annotation.Configuration;
import org.springframework.web.servlet.config.annotation.CorsRegistry;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/**
 * CORS for browser clients on other origins, with credentials as the SignalR JS client
 * needs them (no origin is allowed unless listed), and the API-key check.
 */
@Configuration(proxyBeanMethods = false)
class WebConfiguration implements WebMvcConfigurer {

	private final CorsProperties cors;

	private final ApiKeys apiKeys;

	WebConfiguration(CorsProperties cors, ApiKeys apiKeys) {
		this.cors = cors;
		this.apiKeys = apiKeys;
	}

	@Override
	public void addInterceptors(InterceptorRegistry registry) {
		registry.addInterceptor(new ApiKeyInterceptor(this.apiKeys));
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
