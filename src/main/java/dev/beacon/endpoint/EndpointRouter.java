package dev.beacon.endpoint;

import java.util.List;

import org.jspecify.annotations.Nullable;

/**
 * Chooses the instance a client negotiates to, among the online endpoints of the
 * preferred type (primaries, else secondaries), like the SDK's {@code IEndpointRouter}.
 * Declare a bean of this type to replace Beacon's choice ({@code beacon.signalr.router}).
 */
@FunctionalInterface
public interface EndpointRouter {

	/**
	 * Chooses one endpoint.
	 * @param candidates the online endpoints of one type, never empty
	 * @param userId the negotiating user, null when anonymous
	 * @return one of the candidates
	 */
	ServiceEndpoint choose(List<ServiceEndpoint> candidates, @Nullable String userId);

	/** Uniformly at random: clients spread evenly over the instances. */
	static EndpointRouter random() {
		return (candidates, userId) -> candidates
			.get(java.util.concurrent.ThreadLocalRandom.current().nextInt(candidates.size()));
	}

	/**
	 * The same instance for the same user while the set of online instances is the same
	 * (highest-random-weight hashing: when one goes, only its users move), so a user's
	 * reconnects and tabs land together; anonymous clients at random.
	 */
	static EndpointRouter stickyPerUser() {
		EndpointRouter random = random();
		return (candidates, userId) -> {
			if (userId == null) {
				return random.choose(candidates, null);
			}
			ServiceEndpoint best = candidates.get(0);
			long bestWeight = Long.MIN_VALUE;
			for (ServiceEndpoint candidate : candidates) {
				long weight = mix((userId + "\u0000" + candidate.name()).hashCode());
				if (weight > bestWeight) {
					best = candidate;
					bestWeight = weight;
				}
			}
			return best;
		};
	}

	/** Spreads a 32-bit hash over 64 bits (SplitMix64's finaliser). */
	private static long mix(long value) {
		long z = value * 0x9E3779B97F4A7C15L;
		z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
		z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
		return z ^ (z >>> 31);
	}

}
