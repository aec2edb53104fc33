package dev.beacon.system;

import java.util.List;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Browser origins allowed to call Beacon from another site. The SignalR JS client sends
 * credentials, so origins must be listed explicitly: {@code *} is refused.
 *
 * @param allowedOrigins exact origins such as {@code https://app.example.com}
 */
@ConfigurationProperties("beacon.cors")
public record CorsProperties(@DefaultValue List<String> allowedOrigins) {

	public CorsProperties {
		for (String origin : allowedOrigins) {
			if (origin.contains("*")) {
				throw new IllegalArgumentException("beacon.cors.allowed-origins must list exact origins: '*' cannot be "
						+ "combined with credentials, which the SignalR JavaScript client sends");
			}
		}
		allowedOrigins = List.copyOf(allowedOrigins);
	}

}
