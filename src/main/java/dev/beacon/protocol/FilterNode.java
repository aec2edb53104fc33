package dev.beacon.protocol;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

import org.jspecify.annotations.Nullable;

/**
 * A parsed filter: an immutable, type-checked tree evaluated once per connection. Values
 * are {@code String}, {@code Long}, {@code Boolean} (the shared {@code TRUE} and
 * {@code FALSE}), the groups {@code Set}, or null for an anonymous connection's userId
 * and what a function makes of it.
 */
sealed interface FilterNode permits FilterField, FilterNode.Literal, FilterNode.Compare, FilterNode.InList,
		FilterNode.InGroups, FilterNode.Call, FilterNode.Not, FilterNode.And, FilterNode.Or {

	FilterKind kind();

	@Nullable Object evaluate(String connectionId, @Nullable String userId, Set<String> groups);

	default boolean test(String connectionId, @Nullable String userId, Set<String> groups) {
		return Boolean.TRUE.equals(evaluate(connectionId, userId, groups));
	}

	record Literal(@Nullable Object value) implements FilterNode {

		@Override
		public FilterKind kind() {
			return FilterKind.of(this.value);
		}

		@Override
		public @Nullable Object evaluate(String connectionId, @Nullable String userId, Set<String> groups) {
			return this.value;
		}

	}

	record Compare(FilterComparison operator, FilterNode left, FilterNode right) implements FilterNode {

		@Override
		public FilterKind kind() {
			return FilterKind.BOOLEAN;
		}

		@Override
		public Object evaluate(String connectionId, @Nullable String userId, Set<String> groups) {
			return this.operator.test(this.left.evaluate(connectionId, userId, groups),
					this.right.evaluate(connectionId, userId, groups));
		}

	}

	/**
	 * {@code x in (...)}: equality with any item, so {@code null} in the list matches a
	 * null; the items are kept in order for printing and hashed for matching.
	 */
	record InList(FilterNode left, List<Literal> items, Set<Object> values, boolean holdsNull) implements FilterNode {

		static InList of(FilterNode left, List<Literal> items) {
			Set<Object> values = new HashSet<>();
			boolean holdsNull = false;
			for (Literal item : items) {
				if (item.value() == null) {
					holdsNull = true;
				}
				else {
					values.add(item.value());
				}
			}
			return new InList(left, List.copyOf(items), Set.copyOf(values), holdsNull);
		}

		@Override
		public FilterKind kind() {
			return FilterKind.BOOLEAN;
		}

		@Override
		public Object evaluate(String connectionId, @Nullable String userId, Set<String> groups) {
			Object value = this.left.evaluate(connectionId, userId, groups);
			return (value != null) ? this.values.contains(value) : this.holdsNull;
		}

	}

	/** {@code x in groups}: group names are compared with case, as the service does. */
	record InGroups(FilterNode left) implements FilterNode {

		@Override
		public FilterKind kind() {
			return FilterKind.BOOLEAN;
		}

		@Override
		public Object evaluate(String connectionId, @Nullable String userId, Set<String> groups) {
			return this.left.evaluate(connectionId, userId, groups) instanceof String group && groups.contains(group);
		}

	}

	record Call(FilterFunction function, List<FilterNode> arguments) implements FilterNode {

		@Override
		public FilterKind kind() {
			return this.function.result();
		}

		@Override
		public @Nullable Object evaluate(String connectionId, @Nullable String userId, Set<String> groups) {
			Object first = this.arguments.get(0).evaluate(connectionId, userId, groups);
			int count = this.arguments.size();
			Object second = (count > 1) ? this.arguments.get(1).evaluate(connectionId, userId, groups) : null;
			Object third = (count > 2) ? this.arguments.get(2).evaluate(connectionId, userId, groups) : null;
			if (first == null || (second == null && count > 1) || (third == null && count > 2)) {
				return this.function.onNull();
			}
			return this.function.apply(first, second, third);
		}

	}

	record Not(FilterNode operand) implements FilterNode {

		@Override
		public FilterKind kind() {
			return FilterKind.BOOLEAN;
		}

		@Override
		public Object evaluate(String connectionId, @Nullable String userId, Set<String> groups) {
			return !this.operand.test(connectionId, userId, groups);
		}

	}

	record And(FilterNode left, FilterNode right) implements FilterNode {

		@Override
		public FilterKind kind() {
			return FilterKind.BOOLEAN;
		}

		@Override
		public Object evaluate(String connectionId, @Nullable String userId, Set<String> groups) {
			return this.left.test(connectionId, userId, groups) && this.right.test(connectionId, userId, groups);
		}

	}

	record Or(FilterNode left, FilterNode right) implements FilterNode {

		@Override
		public FilterKind kind() {
			return FilterKind.BOOLEAN;
		}

		@Override
		public Object evaluate(String connectionId, @Nullable String userId, Set<String> groups) {
			return this.left.test(connectionId, userId, groups) || this.right.test(connectionId, userId, groups);
		}

	}

}
