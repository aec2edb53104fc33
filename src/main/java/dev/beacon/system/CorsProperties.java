package dev.beacon.system;

import java.util.List;

import jakarta.validation.constraints.Pattern;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Browser origins allowed to call Beacon from another site. The SignalR JS client sends
 * credentials, so origins must be listed explicitly: {@code *} is refused.
 *
 * @param allowedOrigins exact origins such as {@code https://app.example.com}
 */
@ConfigurationProperties("beacon.cors")
@Validated
public record CorsProperties(@DefaultValue List<@Pattern(regexp = "[^*]*",
		message = "must list exact origins: '*' cannot be combined with credentials, which the SignalR JavaScript client sends") String> allowedOrigins) {

	public CorsProperties {
		allowedOrigins = List.copyOf(allowedOrigins);
	}

}
