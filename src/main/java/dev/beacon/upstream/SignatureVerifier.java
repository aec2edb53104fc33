package dev.beacon.upstream;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import dev.beacon.endpoint.AccessKey;
import dev.beacon.endpoint.ServiceEndpointProvider;
import org.jspecify.annotations.Nullable;

/**
 * Checks {@code X-ASRS-Signature}: one or more comma-separated {@code sha256=<hex>}
 * values, each an HMAC-SHA256 of the connection ID keyed with an access key. Valid if any
 * value matches any accepted key; hex in either case; every comparison is constant-time
 * and all are made, so timing tells nothing.
 */
final class SignatureVerifier {

	private final ServiceEndpointProvider endpoints;

	private final List<AccessKey> additionalKeys;

	SignatureVerifier(ServiceEndpointProvider endpoints, List<String> additionalKeys) {
		this.endpoints = endpoints;
		this.additionalKeys = additionalKeys.stream().map(AccessKey::new).toList();
	}

	boolean verify(String connectionId, @Nullable String header) {
		if (header == null || header.isBlank()) {
			return false;
		}
		List<AccessKey> keys = new ArrayList<>(this.additionalKeys);
		keys.add(this.endpoints.forServer().accessKey());
		boolean valid = false;
		for (String value : header.split(",")) {
			byte[] candidate = value.strip().toLowerCase(Locale.ROOT).getBytes(StandardCharsets.US_ASCII);
			for (AccessKey key : keys) {
				byte[] expected = key.upstreamSignature(connectionId).getBytes(StandardCharsets.US_ASCII);
				valid |= MessageDigest.isEqual(expected, candidate);
			}
		}
		return valid;
	}

}
