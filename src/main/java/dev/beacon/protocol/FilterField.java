package dev.beacon.protocol;

import java.util.List;
import java.util.Set;

import org.jspecify.annotations.Nullable;

/**
 * The three identifiers of the service's connection model, matched without case:
 * {@code userId} (null for an anonymous connection), {@code connectionId} and
 * {@code groups}, the collection of the connection's groups.
 */
enum FilterField implements FilterNode {

	USER_ID("userId", FilterKind.STRING), CONNECTION_ID("connectionId", FilterKind.STRING),
	GROUPS("groups", FilterKind.COLLECTION);

	private final String identifier;

	private final FilterKind kind;

	FilterField(String identifier, FilterKind kind) {
		this.identifier = identifier;
		this.kind = kind;
	}

	static @Nullable FilterField named(String word) {
		for (FilterField field : values()) {
			if (field.identifier.equalsIgnoreCase(word)) {
				return field;
			}
		}
		return null;
	}

	static List<String> identifiers() {
		return List.of(USER_ID.identifier, CONNECTION_ID.identifier, GROUPS.identifier);
	}

	String identifier() {
		return this.identifier;
	}

	@Override
	public FilterKind kind() {
		return this.kind;
	}

	@Override
	public @Nullable Object evaluate(String connectionId, @Nullable String userId, Set<String> groups) {
		return switch (this) {
			case USER_ID -> userId;
			case CONNECTION_ID -> connectionId;
			case GROUPS -> groups;
		};
	}

}
