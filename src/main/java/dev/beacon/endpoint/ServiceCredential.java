package dev.beacon.endpoint;

import java.util.List;

/**
 * How Beacon proves who it is to one SignalR Service endpoint, and how it recognises the
 * service. Today the only kind is an access key; Microsoft Entra ID will be another, so
 * nothing outside this package assumes a bare key.
 */
public interface ServiceCredential {

	/**
	 * The key Beacon signs tokens for this endpoint with: client tokens at negotiate, and
	 * REST tokens.
	 * @return the signing key
	 * @throws ServiceUnavailableException when no key is available yet
	 */
	AccessKey signingKey();

	/**
	 * The keys the service signs upstream requests with ({@code X-ASRS-Signature}); empty
	 * where the service holds none.
	 * @return the keys
	 */
	List<AccessKey> upstreamKeys();

}
