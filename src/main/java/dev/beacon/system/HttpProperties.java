package dev.beacon.system;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;
import org.springframework.validation.annotation.Validated;

/**
 * Limits of every HTTP request Beacon takes.
 *
 * @param maxBodySize the largest request body any endpoint reads (publishing, upstream
 * invocations, the local service's REST API and client sends); SignalR Service's own
 * message limit is 1 MB. A larger declared body is refused before it is read, a longer
 * streamed one when it passes the limit.
 */
@ConfigurationProperties("beacon.http")
@Validated
public record HttpProperties(@DefaultValue("1MB") DataSize maxBodySize) {

	public HttpProperties {
		if (maxBodySize.toBytes() < 1024 || maxBodySize.toBytes() > 64L * 1024 * 1024) {
			throw new IllegalArgumentException("beacon.http.max-body-size must be from 1KB to 64MB");
		}
	}

}
