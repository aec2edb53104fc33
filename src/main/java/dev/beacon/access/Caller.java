package dev.beacon.access;

import java.util.Set;

/**
 * Who made a request and what it may do. The name comes from settings or from the token's
 * {@code azp}/{@code appid}, never from a key or a token itself, so it may be logged and
 * counted.
 *
 * @param name the caller's name
 * @param scopes what it may do
 * @param credential how it proved who it is: {@code key} or {@code token}
 */
public record Caller(String name, Set<Scope> scopes, String credential) {

	public Caller {
		scopes = Set.copyOf(scopes);
	}

	/** Whether the caller holds a scope, or {@link Scope#ADMIN}. */
	public boolean may(Scope scope) {
		return this.scopes.contains(scope) || this.scopes.contains(Scope.ADMIN);
	}

}
