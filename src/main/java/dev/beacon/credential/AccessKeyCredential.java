package dev.beacon.credential;

import java.util.List;
import java.util.Map;

/**
 * An access key from the connection string: it signs every token, and the service signs
 * upstream requests with it.
 *
 * @param accessKey the key
 */
public record AccessKeyCredential(AccessKey accessKey) implements ServiceCredential {

	@Override
	public AccessKey signingKey() {
		return this.accessKey;
	}

	@Override
	public List<AccessKey> upstreamKeys() {
		return List.of(this.accessKey);
	}

	@Override
	public Map<String, Object> describe() {
		return Map.of("auth", "access-key");
	}

}
