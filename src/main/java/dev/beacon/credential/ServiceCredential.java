package dev.beacon.credential;

import java.util.List;
import java.util.Map;

/**
 * How Beacon proves who it is to one SignalR Service endpoint, and how it recognises the
 * service: an access key from the connection string, or Microsoft Entra ID. Nothing
 * outside this package assumes a bare key.
 */
public sealed interface ServiceCredential permits AccessKeyCredential, EntraCredential {

	/**
	 * The key Beacon signs client tokens for this endpoint with at negotiate.
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

	/**
	 * What {@code /actuator/health} may show: the auth mode and whether its tokens and
	 * keys are usable now, never a value.
	 * @return the details
	 */
	Map<String, Object> describe();

}
