package dev.beacon.system;

import jakarta.validation.constraints.NotNull;

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
public record HttpProperties(
		@DefaultValue("1MB") @NotNull @DataSizeRange(min = "1KB", max = "64MB") DataSize maxBodySize) {

}
