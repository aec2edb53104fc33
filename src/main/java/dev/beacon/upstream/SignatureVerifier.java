package dev.beacon.upstream;

import java.util.ArrayList;
import java.util.List;

import dev.beacon.credential.AccessKey;
import dev.beacon.endpoint.ServiceEndpointProvider;
import dev.beacon.protocol.UpstreamSignature;
import org.jspecify.annotations.Nullable;

/**
 * Checks {@code X-ASRS-Signature} against the keys of every instance Beacon talks to and
 * any additional keys configured for rotation (or kept while the resource's local auth is
 * being switched off).
 */
final class SignatureVerifier {

	private final ServiceEndpointProvider endpoints;

	private final List<AccessKey> additionalKeys;

	SignatureVerifier(ServiceEndpointProvider endpoints, List<String> additionalKeys) {
		this.endpoints = endpoints;
		this.additionalKeys = additionalKeys.stream().map(AccessKey::new).toList();
	}

	boolean verify(String connectionId, @Nullable String header) {
		List<byte[]> keys = new ArrayList<>();
		this.additionalKeys.forEach((key) -> keys.add(key.bytes()));
		this.endpoints.all()
			.forEach((endpoint) -> endpoint.credential().upstreamKeys().forEach((key) -> keys.add(key.bytes())));
		return UpstreamSignature.matches(header, connectionId, keys);
	}

	/**
	 * Whether there is any key to check a signature with: none when Beacon signs in with
	 * Microsoft Entra ID and no additional key is configured.
	 */
	boolean hasKeys() {
		return !this.additionalKeys.isEmpty() || this.endpoints.all()
			.stream()
			.anyMatch((endpoint) -> !endpoint.credential().upstreamKeys().isEmpty());
	}

}
