package dev.beacon.endpoint;

import java.time.Instant;

import org.jspecify.annotations.Nullable;

/**
 * What Beacon knows of one instance's health now.
 *
 * @param endpoint the endpoint
 * @param online whether requests and clients go to it
 * @param lastCheck when its health was last checked, null before the first check
 * @param lastError why it was last marked offline, null while it has not been
 */
public record EndpointStatus(ServiceEndpoint endpoint, boolean online, @Nullable Instant lastCheck,
		@Nullable String lastError) {

	EndpointStatus checked(Instant at) {
		return new EndpointStatus(this.endpoint, true, at, null);
	}

	EndpointStatus failed(String reason, @Nullable Instant checkedAt) {
		return new EndpointStatus(this.endpoint, false, (checkedAt != null) ? checkedAt : this.lastCheck, reason);
	}

}
