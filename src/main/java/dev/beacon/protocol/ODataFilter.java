package dev.beacon.protocol;

import java.util.Set;

import org.jspecify.annotations.Nullable;

/**
 * The {@code filter} of Azure SignalR Service's {@code POST /api/hubs/{hub}/:execute} and
 * of Web PubSub's sends (the same grammar): an OData boolean expression over a
 * connection's {@code userId}, {@code connectionId} and {@code groups}, for example
 * {@code 'ops' in groups and not (userId eq 'user''1')}. Source: Microsoft's Web PubSub
 * reference, "OData filter syntax" ({@code reference-odata-filter.md}).
 * <p>
 * Parsed once into an immutable, type-checked tree; {@link #matches} then only evaluates
 * it, so one instance serves thousands of connections per send and any number of threads.
 * Everything wrong with a filter is found by {@link #parse}, which throws nothing but
 * {@link InvalidFilterException}.
 * <p>
 * Decisions where the reference is silent: string comparison is ordinal and case
 * sensitive, like group names; a function given null (an anonymous connection's userId)
 * gives null, and a boolean function false, so {@code not startswith(userId, 'a')}
 * selects anonymous connections; comparing a string with an integer is refused at parse
 * time, since every expression's kind is known then. The bounds are Beacon's, so that a
 * filter from a request costs a bounded parse, stack and evaluation.
 */
public final class ODataFilter {

	/** The longest filter text accepted, in UTF-16 units. */
	public static final int MAX_LENGTH = 8192;

	/** Comparisons, {@code in}s, and boolean functions or literals used as conditions. */
	public static final int MAX_CLAUSES = 100;

	/** Parentheses, function calls and {@code not}s, each one level. */
	public static final int MAX_DEPTH = 20;

	private final String text;

	private final FilterNode root;

	private ODataFilter(String text, FilterNode root) {
		this.text = text;
		this.root = root;
	}

	/**
	 * Parses and type-checks a filter.
	 * @param text the filter, as in the query string once decoded
	 * @return the filter, ready to match connections
	 * @throws InvalidFilterException naming the column and what was expected there
	 */
	public static ODataFilter parse(@Nullable String text) {
		if (text == null) {
			throw new InvalidFilterException(1, "the filter is empty");
		}
		return new ODataFilter(text, FilterParser.parse(text));
	}

	/**
	 * Whether a connection is selected.
	 * @param connectionId the connection's id
	 * @param userId the connection's user, or null for an anonymous connection
	 * @param groups the groups the connection is in
	 * @return true when the filter holds for the connection
	 */
	public boolean matches(String connectionId, @Nullable String userId, Set<String> groups) {
		return this.root.test(connectionId, userId, groups);
	}

	/**
	 * The filter as given to {@link #parse}.
	 * @return the filter text
	 */
	public String text() {
		return this.text;
	}

	/**
	 * The filter in canonical form: keywords in lower case, identifiers spelt as the
	 * reference does, parentheses only where needed. Parsing it gives a filter that
	 * selects the same connections.
	 */
	@Override
	public String toString() {
		return FilterPrinter.print(this.root);
	}

}
