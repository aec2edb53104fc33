package dev.beacon.store;

import java.util.Locale;

import org.springframework.boot.autoconfigure.AutoConfigurationImportFilter;
import org.springframework.boot.autoconfigure.AutoConfigurationMetadata;
import org.springframework.context.EnvironmentAware;
import org.springframework.core.env.Environment;

/**
 * Leaves Spring Boot's Redis auto-configuration out unless
 * {@code beacon.store.type=redis}: with the memory store (the default) nothing uses
 * Redis, and the Lettuce client, its reactive variant and its health and observation
 * parts would only cost start-up time.
 */
class StoreAutoConfigurationFilter implements AutoConfigurationImportFilter, EnvironmentAware {

	private static final String REDIS_AUTO_CONFIGURATIONS = "org.springframework.boot.data.redis.";

	private boolean redis;

	@Override
	public void setEnvironment(Environment environment) {
		this.redis = "redis".equals(environment.getProperty("beacon.store.type", "memory").toLowerCase(Locale.ROOT));
	}

	@Override
	public boolean[] match(String[] autoConfigurationClasses, AutoConfigurationMetadata autoConfigurationMetadata) {
		boolean[] matches = new boolean[autoConfigurationClasses.length];
		for (int i = 0; i < autoConfigurationClasses.length; i++) {
			String name = autoConfigurationClasses[i];
			matches[i] = this.redis || name == null || !name.startsWith(REDIS_AUTO_CONFIGURATIONS);
		}
		return matches;
	}

}
