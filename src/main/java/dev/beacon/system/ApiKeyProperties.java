package dev.beacon.system;

import java.util.List;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * API keys of the publishing API.
 *
 * @param keys accepted keys, comma-separated in {@code BEACON_API_KEYS}; several at once
 * let keys be rotated. None: Beacon generates one per start and writes it to
 * {@code beacon-api-key} in the temporary directory, readable only by its user.
 */
@ConfigurationProperties("beacon.api")
public record ApiKeyProperties(@DefaultValue List<String> keys) {

	public ApiKeyProperties {
		keys = keys.stream().map(String::strip).filter((key) -> !key.isEmpty()).toList();
	}

	@Override
	public String toString() {
		return "ApiKeyProperties[keys=" + this.keys.size() + " configured]";
	}

}
