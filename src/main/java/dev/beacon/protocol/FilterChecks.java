package dev.beacon.protocol;

import java.util.List;

import dev.beacon.protocol.FilterNode.And;
import dev.beacon.protocol.FilterNode.Compare;
import dev.beacon.protocol.FilterNode.InGroups;
import dev.beacon.protocol.FilterNode.InList;
import dev.beacon.protocol.FilterNode.Not;
import dev.beacon.protocol.FilterNode.Or;

/**
 * What the parser checks beyond the grammar, for one filter: the static kinds (so that
 * evaluation cannot meet a mismatch) and the bounds on clauses and nesting (so that a
 * filter costs a bounded parse, a bounded stack and a bounded evaluation per connection).
 */
final class FilterChecks {

	private final String text;

	private int clauses;

	private int depth;

	FilterChecks(String text) {
		this.text = text;
	}

	/**
	 * A comparison or {@code in} counts as a clause where it is built; any other
	 * condition (a boolean function, a literal) where it is used as one.
	 */
	void condition(FilterNode node, int start, String subject, String hint) {
		if (node.kind() != FilterKind.BOOLEAN) {
			throw fail(start, subject + " a condition (true or false), not " + node.kind().description() + hint);
		}
		if (!(node instanceof Compare || node instanceof InList || node instanceof InGroups || node instanceof And
				|| node instanceof Or || node instanceof Not)) {
			clause(start);
		}
	}

	void clause(int start) {
		if (++this.clauses > ODataFilter.MAX_CLAUSES) {
			throw fail(start, "the filter has more than " + ODataFilter.MAX_CLAUSES + " clauses");
		}
	}

	void enter(int at) {
		if (++this.depth > ODataFilter.MAX_DEPTH) {
			throw fail(at, "the filter nests deeper than " + ODataFilter.MAX_DEPTH
					+ " levels (each parenthesis, function call and 'not' is one)");
		}
	}

	void leave() {
		this.depth--;
	}

	void comparable(FilterNode left, int leftStart, FilterToken operator, FilterComparison comparison, FilterNode right,
			int rightStart) {
		notCollection(left, leftStart);
		notCollection(right, rightStart);
		comparable(left.kind(), right.kind(), operator.start(), comparison.keyword());
		if (comparison.orders() && (left.kind() == FilterKind.BOOLEAN || right.kind() == FilterKind.BOOLEAN)) {
			throw fail(operator.start(), "'" + comparison.keyword() + "' orders strings and integers, not conditions");
		}
	}

	void comparable(FilterKind left, FilterKind right, int at, String operator) {
		if (left != right && left != FilterKind.NULL && right != FilterKind.NULL) {
			throw fail(at, "'" + operator + "' cannot compare " + left.description() + " with " + right.description());
		}
	}

	void notCollection(FilterNode node, int start) {
		if (node.kind() == FilterKind.COLLECTION) {
			throw fail(start, "'groups' is a collection: use it as 'x in groups' or 'length(groups)'");
		}
	}

	void inGroups(FilterNode left, int leftStart) {
		notCollection(left, leftStart);
		if (left.kind() != FilterKind.STRING && left.kind() != FilterKind.NULL) {
			throw fail(leftStart, "'in groups' needs a string on its left, not " + left.kind().description());
		}
	}

	void arguments(FilterFunction function, int at, List<FilterNode> arguments, List<Integer> starts) {
		String name = "'" + function.functionName() + "'";
		if (arguments.size() < function.minArguments() || arguments.size() > function.maxArguments()) {
			throw fail(at, name + " takes " + function.arity() + ", not " + arguments.size());
		}
		for (int i = 0; i < arguments.size(); i++) {
			FilterKind kind = arguments.get(i).kind();
			if (!function.accepts(i, kind)) {
				throw fail(starts.get(i), name + " needs " + function.expects(i) + " as its "
						+ FilterWords.ordinal(i + 1) + " argument, not " + kind.description());
			}
		}
	}

	InvalidFilterException fail(int at, String problem) {
		return InvalidFilterException.at(this.text, at, problem);
	}

}
